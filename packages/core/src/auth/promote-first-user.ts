import type { SystemDatabase } from '@switchboard/db/database';
import { withSystem } from '@switchboard/db/tenant';
import { sql } from 'kysely';

/**
 * The first account of a new installation to verify its address becomes platform admin (the lock makes
 * "first" unambiguous). Not the first to sign up: whoever reaches a fresh installation before its operator
 * could sign up first, but cannot read the verification link, which only the operator sees.
 */
export async function promoteFirstUser(systemDb: SystemDatabase, userId: string): Promise<void> {
  await withSystem(systemDb, 'auth: the first account becomes platform admin', async (tx) => {
    await sql`select pg_advisory_xact_lock(hashtext('switchboard:first-platform-admin'))`.execute(tx);
    const existingAdmin = await tx
      .selectFrom('auth.users')
      .select('id')
      .where('isPlatformAdmin', '=', true)
      .executeTakeFirst();
    if (!existingAdmin) {
      await tx.updateTable('auth.users').set({ isPlatformAdmin: true }).where('id', '=', userId).execute();
    }
  });
}
