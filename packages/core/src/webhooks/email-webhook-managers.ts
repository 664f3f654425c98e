import type { Permission } from '@switchboard/contracts/permissions';
import type { Tx } from '@switchboard/db/tenant';
import { sql } from 'kysely';
import { PREDEFINED_ROLE_PERMISSIONS } from '../access/catalog.ts';
import { enqueueEmail } from '../email/enqueue-email.ts';
import type { EmailTemplate } from '../email/render-email.ts';

const WEBHOOKS_MANAGE: Permission = 'webhooks:manage';

/** Predefined roles that manage webhooks (org_admin); their permissions live in code, not rows. */
const WEBHOOK_ROLES = Object.entries(PREDEFINED_ROLE_PERMISSIONS)
  .filter(([, permissions]) => permissions.includes(WEBHOOKS_MANAGE))
  .map(([role]) => role);

/**
 * Queues one email to each member who manages the organization's webhooks (org_admin and custom roles
 * holding webhooks:manage), in `tx`. Returns how many were queued.
 */
export async function emailWebhookManagers(
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
        eb('memberships.role', 'in', WEBHOOK_ROLES),
        sql<boolean>`${WEBHOOKS_MANAGE} = any(roles.permissions)`,
      ]),
    )
    .orderBy('auth.users.email')
    .execute();
  for (const recipient of recipients) {
    await enqueueEmail(tx, { to: recipient.email, organizationId, ...email(recipient.name) });
  }
  return recipients.length;
}
