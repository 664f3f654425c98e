import type { Invitation } from '@switchboard/contracts/members';
import type { OrgScope } from '../access/actor.ts';
import { authorizeOver } from '../access/authorize.ts';
import { loadRolePermissions } from '../access/role-permissions.ts';
import { AppError, notFound } from '../errors.ts';
import { newInvitationToken } from './invitation-token.ts';
import { findInvitation } from './list-invitations.ts';
import { sendInvitationEmail } from './send-invitation-email.ts';

/** A fresh token and expiry: the previous link stops working. */
export async function resendInvitation(
  { tx, actor, membership }: OrgScope,
  invitationId: string,
  { publicUrl }: { publicUrl: string },
): Promise<Invitation> {
  const { organizationId } = membership;
  const invitation = await tx
    .selectFrom('invitations')
    .select(['email', 'role', 'status'])
    .where('organizationId', '=', organizationId)
    .where('id', '=', invitationId)
    .executeTakeFirst();
  if (!invitation) throw notFound('Invitation');
  if (invitation.status !== 'pending') {
    throw new AppError(
      'INVITATION_CLOSED',
      `This invitation was ${invitation.status}; send a new one instead`,
    );
  }
  const role = await loadRolePermissions(tx, invitation.role);
  authorizeOver(membership, 'resend the invitation of', role.permissions);
  const { token, tokenHash, expiresAt } = newInvitationToken();
  await tx
    .updateTable('invitations')
    .set({ tokenHash, expiresAt, updatedAt: new Date() })
    .where('organizationId', '=', organizationId)
    .where('id', '=', invitationId)
    .execute();
  await sendInvitationEmail(
    tx,
    { organizationId, email: invitation.email, roleName: role.name, token, expiresAt },
    actor,
    publicUrl,
  );
  return (await findInvitation(tx, organizationId, invitationId))!;
}
