import type { CreateInvitation, Invitation } from '@switchboard/contracts/members';
import type { OrgScope } from '../access/actor.ts';
import { authorizeGrant } from '../access/authorize.ts';
import { loadRolePermissions } from '../access/role-permissions.ts';
import { AppError } from '../errors.ts';
import { newInvitationToken } from './invitation-token.ts';
import { findInvitation } from './list-invitations.ts';
import { sendInvitationEmail } from './send-invitation-email.ts';

export async function createInvitation(
  { tx, actor, membership }: OrgScope,
  input: CreateInvitation,
  { publicUrl }: { publicUrl: string },
): Promise<Invitation> {
  const { organizationId } = membership;
  const role = await loadRolePermissions(tx, input.role);
  authorizeGrant(membership, role.permissions);

  const existingMember = await tx
    .selectFrom('memberships')
    .innerJoin('auth.users', 'auth.users.id', 'memberships.userId')
    .select('memberships.userId')
    .where('memberships.organizationId', '=', organizationId)
    .where((eb) => eb(eb.fn('lower', ['auth.users.email']), '=', input.email))
    .executeTakeFirst();
  if (existingMember)
    throw new AppError('ALREADY_MEMBER', `${input.email} is already a member of this organization`);

  const pending = await tx
    .selectFrom('invitations')
    .select('id')
    .where('organizationId', '=', organizationId)
    .where('status', '=', 'pending')
    .where((eb) => eb(eb.fn('lower', ['email']), '=', input.email))
    .executeTakeFirst();
  if (pending) {
    throw new AppError(
      'INVITATION_PENDING',
      `${input.email} already has a pending invitation: resend it instead`,
    );
  }

  const { token, tokenHash, expiresAt } = newInvitationToken();
  const { id } = await tx
    .insertInto('invitations')
    .values({
      organizationId,
      email: input.email,
      role: input.role,
      tokenHash,
      invitedBy: actor.userId,
      expiresAt,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await sendInvitationEmail(
    tx,
    { organizationId, email: input.email, roleName: role.name, token, expiresAt },
    actor,
    publicUrl,
  );
  return (await findInvitation(tx, organizationId, id))!;
}
