import type { MyOrganization } from '@switchboard/contracts/organizations';
import type { OrgScope } from '../access/actor.ts';
import { toOrganization } from './to-organization.ts';

/** The organization with the actor's role in it. The request's last statement: it travels with COMMIT. */
export async function getOrganization({ tx, membership, commitWith }: OrgScope): Promise<MyOrganization> {
  const [organization] = await commitWith(
    tx
      .selectFrom('organizations')
      .select(['id', 'name', 'slug', 'timeZone', 'createdAt'])
      .where('id', '=', membership.organizationId),
  );
  // The membership just read names it, in the same transaction.
  if (!organization) throw new Error('The organization of a membership was not found');
  return { ...toOrganization(organization), role: membership.role, permissions: membership.permissions };
}
