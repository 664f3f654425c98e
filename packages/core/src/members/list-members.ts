import type { Member } from '@switchboard/contracts/members';
import type { Tx } from '@switchboard/db/tenant';
import type { OrgScope } from '../access/actor.ts';

function selectMembers(tx: Tx, organizationId: string) {
  return tx
    .selectFrom('memberships')
    .innerJoin('auth.users', 'auth.users.id', 'memberships.userId')
    .select([
      'memberships.userId',
      'auth.users.name',
      'auth.users.email',
      'memberships.role',
      'memberships.createdAt',
    ])
    .where('memberships.organizationId', '=', organizationId);
}

function toMember(row: {
  userId: string;
  name: string;
  email: string;
  role: string;
  createdAt: Date;
}): Member {
  return {
    userId: row.userId,
    name: row.name,
    email: row.email,
    role: row.role,
    joinedAt: row.createdAt.toISOString(),
  };
}

/** The organization's members by name. The request's last statement: it travels with COMMIT. */
export async function listMembers({ tx, membership, commitWith }: OrgScope): Promise<Member[]> {
  const rows = await commitWith(
    selectMembers(tx, membership.organizationId).orderBy('auth.users.name').orderBy('auth.users.email'),
  );
  return rows.map(toMember);
}

export async function findMember(
  tx: Tx,
  organizationId: string,
  userId: string,
): Promise<Member | undefined> {
  const row = await selectMembers(tx, organizationId)
    .where('memberships.userId', '=', userId)
    .executeTakeFirst();
  return row && toMember(row);
}
