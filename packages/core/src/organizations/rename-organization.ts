import type { Organization, UpdateOrganization } from '@switchboard/contracts/organizations';
import type { OrgScope } from '../access/actor.ts';
import { toOrganization } from './to-organization.ts';

export async function renameOrganization(
  { tx, membership }: OrgScope,
  input: UpdateOrganization,
): Promise<Organization> {
  const organization = await tx
    .updateTable('organizations')
    .set({ name: input.name, updatedAt: new Date() })
    .where('id', '=', membership.organizationId)
    .returning(['id', 'name', 'slug', 'createdAt'])
    .executeTakeFirstOrThrow();
  return toOrganization(organization);
}
