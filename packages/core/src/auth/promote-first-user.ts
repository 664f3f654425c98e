import type { Database } from '@switchboard/db/database';
import { sql } from 'kysely';

/** The first account of a new installation becomes platform admin; the lock makes "first" unambiguous. */
export async function promoteFirstUser(db: Database, userId: string): Promise<void> {
  await db.transaction().execute(async (tx) => {
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
