import type { OrgScope } from '../access/actor.ts';
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
  if (target.role === 'org_admin') await guardLastAdmin(tx, membership.organizationId, userId, 'remove');
  await tx
    .deleteFrom('memberships')
    .where('organizationId', '=', membership.organizationId)
    .where('userId', '=', userId)
    .execute();
}
