import type { SystemDatabase } from '@switchboard/db/database';
import { withSystem } from '@switchboard/db/tenant';
import type { Actor } from '../access/actor.ts';
import { AppError } from '../errors.ts';
import { findInvitationByToken } from './find-invitation-by-token.ts';
import { invitationStatus } from './invitation-status.ts';

/**
 * Joins the invited organization. The signed-in account must own the invited address; since the token
 * arrived at that address, accepting also verifies it.
 */
export function acceptInvitation(
  systemDb: SystemDatabase,
  actor: Actor,
  token: string,
): Promise<{ organizationId: string }> {
  return withSystem(systemDb, 'accept invitation by token', async (tx) => {
    const invitation = await findInvitationByToken(tx, token);
    const status = invitationStatus(invitation);
    if (status !== 'pending')
      throw new AppError('INVITATION_CLOSED', `This invitation is ${status}; ask for a new one`);
    if (invitation.email.toLowerCase() !== actor.email.toLowerCase()) {
      throw new AppError(
        'WRONG_ACCOUNT',
        `This invitation was sent to ${invitation.email}; you are signed in as ${actor.email}. Sign in with the invited address.`,
      );
    }
    await tx
      .insertInto('memberships')
      .values({ organizationId: invitation.organizationId, userId: actor.userId, role: invitation.role })
      .onConflict((conflict) => conflict.columns(['organizationId', 'userId']).doNothing())
      .execute();
    await tx
      .updateTable('invitations')
      .set({ status: 'accepted', acceptedBy: actor.userId, acceptedAt: new Date(), updatedAt: new Date() })
      .where('id', '=', invitation.id)
      .execute();
    if (!actor.emailVerified) {
      await tx
        .updateTable('auth.users')
        .set({ emailVerified: true, updatedAt: new Date() })
        .where('id', '=', actor.userId)
        .execute();
    }
    return { organizationId: invitation.organizationId };
  });
}
