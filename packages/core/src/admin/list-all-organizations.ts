import type { AdminOrganization } from '@switchboard/contracts/admin';
import type { Tx } from '@switchboard/db/tenant';

/** Every organization of the installation; run in a system transaction. */
export async function listAllOrganizations(tx: Tx): Promise<AdminOrganization[]> {
  const rows = await tx
    .selectFrom('organizations')
    .leftJoin('memberships', 'memberships.organizationId', 'organizations.id')
    .select((eb) => [
      'organizations.id',
      'organizations.name',
      'organizations.slug',
      'organizations.createdAt',
      eb.fn.count<number>('memberships.userId').as('memberCount'),
    ])
    .groupBy('organizations.id')
    .orderBy('organizations.createdAt', 'desc')
    .execute();
  return rows.map((row) => ({
    ...row,
    memberCount: Number(row.memberCount),
    createdAt: row.createdAt.toISOString(),
  }));
}
