import type { Database } from '@switchboard/db/database';
import { sql } from 'kysely';
import { lockoutSeconds, SIGN_IN_THROTTLE } from './sign-in-throttle.ts';

/**
 * Counts one sign-in attempt for the account `key` before its password is checked, and locks the account
 * when the count reaches the throttle. Returns the seconds left when the account is already locked (the
 * attempt must then not be made), or null. Counting first, under a row lock, means a burst of parallel
 * guesses cannot all slip in before the first failure is recorded.
 */
export function claimSignInAttempt(authDb: Database, key: string): Promise<number | null> {
  return authDb.transaction().execute(async (tx) => {
    await tx
      .insertInto('auth.signInThrottle')
      .values({ emailHash: key })
      .onConflict((conflict) => conflict.column('emailHash').doNothing())
      .execute();
    const row = await tx
      .selectFrom('auth.signInThrottle')
      .select([
        'failures',
        sql<number | null>`extract(epoch from locked_until - now())::float8`.as('lockedForSeconds'),
        sql<number>`extract(epoch from now() - updated_at)::float8`.as('idleSeconds'),
      ])
      .where('emailHash', '=', key)
      .forUpdate()
      .executeTakeFirstOrThrow();
    if (row.lockedForSeconds !== null && row.lockedForSeconds > 0) return Math.ceil(row.lockedForSeconds);

    const attempts = (row.idleSeconds > SIGN_IN_THROTTLE.FORGET_AFTER_SECONDS ? 0 : row.failures) + 1;
    const lock = lockoutSeconds(attempts);
    await tx
      .updateTable('auth.signInThrottle')
      .set({
        failures: attempts,
        lockedUntil: lock > 0 ? sql<Date>`now() + make_interval(secs => ${lock})` : null,
        updatedAt: sql<Date>`now()`,
      })
      .where('emailHash', '=', key)
      .execute();
    return null;
  });
}
