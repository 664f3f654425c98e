import type { Database } from '@switchboard/db/database';

/** Forgets the counted attempts of the account `key`: its password was right (or was just reset). */
export async function clearSignInFailures(authDb: Database, key: string): Promise<void> {
  await authDb.deleteFrom('auth.signInThrottle').where('emailHash', '=', key).execute();
}
