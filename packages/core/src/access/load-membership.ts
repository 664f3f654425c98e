import type { Tx } from '@switchboard/db/tenant';
import { notFound } from '../errors.ts';
import type { Membership } from './actor.ts';
import { permissionsOfRole } from './catalog.ts';

/**
 * The actor's membership in the transaction's organization, with the permissions of its role. Anyone who is
 * not a member gets the same 404 as for an organization that does not exist.
 */
export async function loadMembership(tx: Tx, organizationId: string, userId: string): Promise<Membership> {
  const row = await tx
    .selectFrom('memberships')
    .innerJoin('roles', 'roles.key', 'memberships.role')
    .select(['memberships.role', 'roles.permissions'])
    .where('memberships.organizationId', '=', organizationId)
    .where('memberships.userId', '=', userId)
    .executeTakeFirst();
  if (!row) throw notFound('Organization');
  return {
    organizationId,
    role: row.role,
    permissions: permissionsOfRole({ key: row.role, permissions: row.permissions }),
  };
}
