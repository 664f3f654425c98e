import type { Permission } from '@switchboard/contracts/permissions';
import type { Tx } from '@switchboard/db/tenant';
import { sql } from 'kysely';
import { PREDEFINED_ROLE_PERMISSIONS } from '../access/catalog.ts';
import { enqueueEmail } from './enqueue-email.ts';
import type { EmailTemplate } from './render-email.ts';

/** The predefined roles holding `permission`: their permissions live in code, not rows. */
function predefinedRolesHolding(permission: Permission): string[] {
  return Object.entries(PREDEFINED_ROLE_PERMISSIONS)
    .filter(([, permissions]) => permissions.includes(permission))
    .map(([role]) => role);
}

/**
 * Queues one email to each member of the organization whose role holds `permission` (predefined or custom),
 * in `tx`: the email goes out only if the change that causes it commits. `email` builds it from the
 * organization's name. Returns how many were queued.
 */
export async function emailMembersHolding(
  tx: Tx,
  organizationId: string,
  permission: Permission,
  email: (organizationName: string) => EmailTemplate,
): Promise<number> {
  const recipients = await tx
    .selectFrom('memberships')
    .innerJoin('auth.users', 'auth.users.id', 'memberships.userId')
    .innerJoin('organizations', 'organizations.id', 'memberships.organizationId')
    .leftJoin('roles', 'roles.key', 'memberships.role')
    .select(['auth.users.email', 'organizations.name'])
    .where('memberships.organizationId', '=', organizationId)
    .where((eb) =>
      eb.or([
        eb('memberships.role', 'in', predefinedRolesHolding(permission)),
        sql<boolean>`${permission} = any(roles.permissions)`,
      ]),
    )
    .orderBy('auth.users.email')
    .execute();
  for (const recipient of recipients) {
    await enqueueEmail(tx, { to: recipient.email, organizationId, ...email(recipient.name) });
  }
  return recipients.length;
}
