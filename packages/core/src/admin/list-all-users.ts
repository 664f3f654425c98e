import type { AdminUser } from '@switchboard/contracts/admin';
import type { Tx } from '@switchboard/db/tenant';

/** Every account of the installation (or just `only`); run in a system transaction. */
export async function listAllUsers(tx: Tx, only?: { userId: string }): Promise<AdminUser[]> {
  let query = tx
    .selectFrom('auth.users')
    .leftJoin('memberships', 'memberships.userId', 'auth.users.id')
    .select((eb) => [
      'auth.users.id',
      'auth.users.name',
      'auth.users.email',
      'auth.users.emailVerified',
      'auth.users.isPlatformAdmin',
      'auth.users.createdAt',
      eb.fn.count<number>('memberships.organizationId').as('organizationCount'),
    ])
    .groupBy('auth.users.id')
    .orderBy('auth.users.createdAt');
  if (only) query = query.where('auth.users.id', '=', only.userId);
  const rows = await query.execute();
  return rows.map((row) => ({
    ...row,
    organizationCount: Number(row.organizationCount),
    createdAt: row.createdAt.toISOString(),
  }));
}
