import type { Invitation } from '@switchboard/contracts/members';
import type { Tx } from '@switchboard/db/tenant';
import type { OrgScope } from '../access/actor.ts';
import { invitationStatus } from './invitation-status.ts';

function selectInvitations(tx: Tx, organizationId: string) {
  return tx
    .selectFrom('invitations')
    .leftJoin('auth.users as inviter', 'inviter.id', 'invitations.invitedBy')
    .select([
      'invitations.id',
      'invitations.email',
      'invitations.role',
      'invitations.status',
      'invitations.expiresAt',
      'invitations.createdAt',
      'inviter.name as inviterName',
      'inviter.email as inviterEmail',
    ])
    .where('invitations.organizationId', '=', organizationId);
}

type InvitationRow = Awaited<ReturnType<ReturnType<typeof selectInvitations>['executeTakeFirstOrThrow']>>;

function toInvitation(row: InvitationRow): Invitation {
  return {
    id: row.id,
    email: row.email,
    role: row.role,
    status: invitationStatus(row),
    invitedBy:
      row.inviterName !== null && row.inviterEmail !== null
        ? { name: row.inviterName, email: row.inviterEmail }
        : null,
    expiresAt: row.expiresAt.toISOString(),
    createdAt: row.createdAt.toISOString(),
  };
}

/**
 * Pending invitations first, newest first; accepted and revoked ones stay visible as history. The request's
 * last statement: it travels with the transaction's COMMIT.
 */
export async function listInvitations({ tx, membership, commitWith }: OrgScope): Promise<Invitation[]> {
  const rows = await commitWith(
    selectInvitations(tx, membership.organizationId).orderBy('invitations.createdAt', 'desc'),
  );
  return rows
    .map(toInvitation)
    .sort((a, b) => Number(b.status === 'pending') - Number(a.status === 'pending'));
}

export async function findInvitation(
  tx: Tx,
  organizationId: string,
  invitationId: string,
): Promise<Invitation | undefined> {
  const row = await selectInvitations(tx, organizationId)
    .where('invitations.id', '=', invitationId)
    .executeTakeFirst();
  return row && toInvitation(row);
}
