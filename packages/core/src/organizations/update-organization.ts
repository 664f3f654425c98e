import type { Organization, UpdateOrganization } from '@switchboard/contracts/organizations';
import type { OrgScope } from '../access/actor.ts';
import { toOrganization } from './to-organization.ts';

export async function updateOrganization(
  { tx, membership }: OrgScope,
  input: UpdateOrganization,
): Promise<Organization> {
  const organization = await tx
    .updateTable('organizations')
    .set({ ...input, updatedAt: new Date() })
    .where('id', '=', membership.organizationId)
    .returning(['id', 'name', 'slug', 'timeZone', 'createdAt'])
    .executeTakeFirstOrThrow();
  return toOrganization(organization);
}
