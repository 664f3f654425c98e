import type { Tx } from '@switchboard/db/tenant';
import { AppError } from '../errors.ts';

/**
 * Refuses a change that would leave the organization without an org_admin. The admins' rows are locked so
 * two admins demoting each other at once cannot both succeed.
 */
export async function guardLastAdmin(
  tx: Tx,
  organizationId: string,
  leavingUserId: string,
  action: string,
): Promise<void> {
  const admins = await tx
    .selectFrom('memberships')
    .select('userId')
    .where('organizationId', '=', organizationId)
    .where('role', '=', 'org_admin')
    .forUpdate()
    .execute();
  const remaining = admins.filter((admin) => admin.userId !== leavingUserId);
  if (admins.length > 0 && remaining.length === 0) {
    throw new AppError(
      'LAST_ADMIN',
      `Cannot ${action} the last org_admin: make someone else org_admin first`,
    );
  }
}
