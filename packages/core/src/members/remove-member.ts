import type { OrgScope } from '../access/actor.ts';
import { authorizeOver } from '../access/authorize.ts';
import { loadRolePermissions } from '../access/role-permissions.ts';
import { notFound } from '../errors.ts';
import { guardLastAdmin } from './guard-last-admin.ts';

export async function removeMember({ tx, membership }: OrgScope, userId: string): Promise<void> {
  const target = await tx
    .selectFrom('memberships')
    .select('role')
    .where('organizationId', '=', membership.organizationId)
    .where('userId', '=', userId)
    .executeTakeFirst();
  if (!target) throw notFound('Member');
  authorizeOver(membership, 'remove', (await loadRolePermissions(tx, target.role)).permissions);
  if (target.role === 'org_admin') await guardLastAdmin(tx, membership.organizationId, userId, 'remove');
  await tx
    .deleteFrom('memberships')
    .where('organizationId', '=', membership.organizationId)
    .where('userId', '=', userId)
    .execute();
}
