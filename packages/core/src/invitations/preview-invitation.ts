import type { InvitationPreview } from '@switchboard/contracts/members';
import type { SystemDatabase } from '@switchboard/db/database';
import { withSystem } from '@switchboard/db/tenant';
import { findInvitationByToken } from './find-invitation-by-token.ts';
import { invitationStatus } from './invitation-status.ts';

/** What the invitation page shows to whoever holds the link, signed in or not. */
export function previewInvitation(systemDb: SystemDatabase, token: string): Promise<InvitationPreview> {
  return withSystem(systemDb, 'invitation preview by token', async (tx) => {
    const invitation = await findInvitationByToken(tx, token);
    return {
      organizationName: invitation.organizationName,
      email: invitation.email,
      role: invitation.role,
      roleName: invitation.roleName,
      status: invitationStatus(invitation),
      inviterName: invitation.inviterName,
      expiresAt: invitation.expiresAt.toISOString(),
    };
  });
}
