import type { Tx } from '@switchboard/db/tenant';
import { notFound } from '../errors.ts';
import { hashInvitationToken } from './invitation-token.ts';

/** Looks an invitation up by the token from its link, across organizations (the caller holds only the link). */
export async function findInvitationByToken(tx: Tx, token: string) {
  const invitation = await tx
    .selectFrom('invitations')
    .innerJoin('organizations', 'organizations.id', 'invitations.organizationId')
    .innerJoin('roles', 'roles.key', 'invitations.role')
    .leftJoin('auth.users as inviter', 'inviter.id', 'invitations.invitedBy')
    .select([
      'invitations.id',
      'invitations.organizationId',
      'invitations.email',
      'invitations.role',
      'invitations.status',
      'invitations.expiresAt',
      'organizations.name as organizationName',
      'roles.name as roleName',
      'inviter.name as inviterName',
    ])
    .where('invitations.tokenHash', '=', hashInvitationToken(token))
    .executeTakeFirst();
  if (!invitation) throw notFound('Invitation');
  return invitation;
}
