import type { Tx } from '@switchboard/db/tenant';
import type { Actor } from '../access/actor.ts';
import { enqueueEmail } from '../email/enqueue-email.ts';
import { invitationUrl } from './invitation-token.ts';

export async function sendInvitationEmail(
  tx: Tx,
  invitation: { organizationId: string; email: string; roleName: string; token: string; expiresAt: Date },
  inviter: Actor,
  publicUrl: string,
): Promise<void> {
  const organization = await tx
    .selectFrom('organizations')
    .select('name')
    .where('id', '=', invitation.organizationId)
    .executeTakeFirstOrThrow();
  await enqueueEmail(tx, {
    to: invitation.email,
    organizationId: invitation.organizationId,
    template: 'invitation',
    data: {
      organizationName: organization.name,
      inviterName: inviter.name,
      roleName: invitation.roleName,
      url: invitationUrl(publicUrl, invitation.token),
      expiresAt: invitation.expiresAt,
    },
  });
}
