import type { AdminUser } from '@switchboard/contracts/admin';
import type { Tx } from '@switchboard/db/tenant';
import { sql } from 'kysely';
import { AppError, notFound } from '../errors.ts';
import { listAllUsers } from './list-all-users.ts';

/** Grants or withdraws platform admin. The installation always keeps at least one. */
export async function setPlatformAdmin(tx: Tx, userId: string, isPlatformAdmin: boolean): Promise<AdminUser> {
  await sql`select pg_advisory_xact_lock(hashtext('switchboard:first-platform-admin'))`.execute(tx);
  const user = await tx
    .selectFrom('auth.users')
    .select(['id', 'isPlatformAdmin'])
    .where('id', '=', userId)
    .executeTakeFirst();
  if (!user) throw notFound('User');
  if (user.isPlatformAdmin && !isPlatformAdmin) {
    const others = await tx
      .selectFrom('auth.users')
      .select('id')
      .where('isPlatformAdmin', '=', true)
      .where('id', '!=', userId)
      .executeTakeFirst();
    if (!others)
      throw new AppError(
        'LAST_ADMIN',
        'This is the last platform admin: make someone else platform admin first',
      );
  }
  await tx
    .updateTable('auth.users')
    .set({ isPlatformAdmin, updatedAt: new Date() })
    .where('id', '=', userId)
    .execute();
  const [updated] = await listAllUsers(tx, { userId });
  return updated!;
}
