import type { MyOrganization } from '@switchboard/contracts/organizations';
import type { OrgScope } from '../access/actor.ts';
import { toOrganization } from './to-organization.ts';

export async function getOrganization({ tx, membership }: OrgScope): Promise<MyOrganization> {
  const organization = await tx
    .selectFrom('organizations')
    .select(['id', 'name', 'slug', 'timeZone', 'createdAt'])
    .where('id', '=', membership.organizationId)
    .executeTakeFirstOrThrow();
  return { ...toOrganization(organization), role: membership.role, permissions: membership.permissions };
}
