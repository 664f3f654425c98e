import type { Permission } from '@switchboard/contracts/permissions';
import type { Tx } from '@switchboard/db/tenant';
import { sql } from 'kysely';
import { PREDEFINED_ROLE_PERMISSIONS } from '../access/catalog.ts';
import { enqueueEmail } from '../email/enqueue-email.ts';
import type { EmailTemplate } from '../email/render-email.ts';

const BILLING_MANAGE: Permission = 'billing:manage';

/** Predefined roles that manage billing (org_admin, billing); their permissions live in code, not rows. */
const BILLING_ROLES = Object.entries(PREDEFINED_ROLE_PERMISSIONS)
  .filter(([, permissions]) => permissions.includes(BILLING_MANAGE))
  .map(([role]) => role);

/**
 * Queues one email to each member who manages the organization's billing (org_admin, billing, and custom
 * roles holding billing:manage), in `tx`: the email goes out only if the change that causes it commits.
 * `email` builds it from the organization's name. Returns how many were queued.
 */
export async function emailBillingMembers(
  tx: Tx,
  organizationId: string,
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
        eb('memberships.role', 'in', BILLING_ROLES),
        sql<boolean>`${BILLING_MANAGE} = any(roles.permissions)`,
      ]),
    )
    .orderBy('auth.users.email')
    .execute();
  for (const recipient of recipients) {
    await enqueueEmail(tx, { to: recipient.email, organizationId, ...email(recipient.name) });
  }
  return recipients.length;
}
