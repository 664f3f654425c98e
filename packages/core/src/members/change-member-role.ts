import type { Member, UpdateMember } from '@switchboard/contracts/members';
import type { OrgScope } from '../access/actor.ts';
import { authorizeGrant, authorizeOver } from '../access/authorize.ts';
import { loadRolePermissions } from '../access/role-permissions.ts';
import { notFound } from '../errors.ts';
import { guardLastAdmin } from './guard-last-admin.ts';
import { findMember } from './list-members.ts';

export async function changeMemberRole(
  { tx, membership }: OrgScope,
  userId: string,
  input: UpdateMember,
): Promise<Member> {
  const current = await tx
    .selectFrom('memberships')
    .select('role')
    .where('organizationId', '=', membership.organizationId)
    .where('userId', '=', userId)
    .executeTakeFirst();
  if (!current) throw notFound('Member');
  authorizeOver(membership, 'change the role of', (await loadRolePermissions(tx, current.role)).permissions);
  const granted = await loadRolePermissions(tx, input.role);
  authorizeGrant(membership, granted.permissions);
  if (current.role === 'org_admin' && input.role !== 'org_admin') {
    await guardLastAdmin(tx, membership.organizationId, userId, 'demote');
  }
  await tx
    .updateTable('memberships')
    .set({ role: input.role, updatedAt: new Date() })
    .where('organizationId', '=', membership.organizationId)
    .where('userId', '=', userId)
    .execute();
  return (await findMember(tx, membership.organizationId, userId))!;
}
