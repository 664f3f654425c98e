import type { OrgScope } from '../access/actor.ts';
import { authorizeOver } from '../access/authorize.ts';
import { loadRolePermissions } from '../access/role-permissions.ts';
import { AppError, notFound } from '../errors.ts';

export async function revokeInvitation({ tx, membership }: OrgScope, invitationId: string): Promise<void> {
  const invitation = await tx
    .selectFrom('invitations')
    .select(['status', 'role'])
    .where('organizationId', '=', membership.organizationId)
    .where('id', '=', invitationId)
    .executeTakeFirst();
  if (!invitation) throw notFound('Invitation');
  authorizeOver(
    membership,
    'revoke the invitation of',
    (await loadRolePermissions(tx, invitation.role)).permissions,
  );
  if (invitation.status === 'revoked') return;
  if (invitation.status !== 'pending')
    throw new AppError('INVITATION_CLOSED', `This invitation was already ${invitation.status}`);
  await tx
    .updateTable('invitations')
    .set({ status: 'revoked', updatedAt: new Date() })
    .where('organizationId', '=', membership.organizationId)
    .where('id', '=', invitationId)
    .execute();
}
