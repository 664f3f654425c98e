import { randomUUID } from 'node:crypto';
import type { CreateOrganization, MyOrganization } from '@switchboard/contracts/organizations';
import type { Database } from '@switchboard/db/database';
import { withTenant } from '@switchboard/db/tenant';
import type { Actor } from '../access/actor.ts';
import { PREDEFINED_ROLE_PERMISSIONS } from '../access/catalog.ts';
import { grantTrialCredits } from '../billing/grant-trial-credits.ts';
import { AppError } from '../errors.ts';
import { slugFor } from './slug.ts';
import { toOrganization } from './to-organization.ts';

/**
 * Creates an organization with its creator as org_admin and its trial credits, in the new tenant's own
 * transaction: an organization never exists without the credits it was promised.
 */
export async function createOrganization(
  db: Database,
  actor: Actor,
  input: CreateOrganization,
  billing: { trialMillicredits: number },
): Promise<MyOrganization> {
  if (!actor.emailVerified) {
    throw new AppError('EMAIL_NOT_VERIFIED', 'Verify your email address before creating an organization');
  }
  const id = randomUUID();
  return withTenant(db, { orgId: id, userId: actor.userId }, async (tx) => {
    const organization = await tx
      .insertInto('organizations')
      .values({ id, name: input.name, slug: slugFor(input.name), timeZone: input.timeZone })
      .returning(['id', 'name', 'slug', 'timeZone', 'createdAt'])
      .executeTakeFirstOrThrow();
    await tx
      .insertInto('memberships')
      .values({ organizationId: id, userId: actor.userId, role: 'org_admin' })
      .execute();
    await grantTrialCredits(tx, id, billing.trialMillicredits);
    return {
      ...toOrganization(organization),
      role: 'org_admin',
      permissions: [...PREDEFINED_ROLE_PERMISSIONS.org_admin],
    };
  });
}
