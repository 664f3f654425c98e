import type { Database } from '@switchboard/db/database';
import { type Tx, withTenant } from '@switchboard/db/tenant';
import { sql } from 'kysely';
import { z } from 'zod';

/** Queued by the database itself when an organization's time zone changes (migration 034's trigger). */
export const REBUILD_ROLLUPS_TASK = 'rebuild_rollups';

const PayloadSchema = z.object({ organizationId: z.uuid() });

/**
 * Days of calls recomputed per transaction: a week of a large organization (tens of thousands of calls)
 * stays far within the statement timeout, and the refreshes of its calls wait for one week at most.
 */
const WINDOW_DAYS = 7;

const addDays = (day: string, days: number) =>
  new Date(Date.parse(day) + days * 86_400_000).toISOString().slice(0, 10);

/**
 * The worker-tier half of a time zone change: rebuilds the organization's daily rollups in its current
 * zone, a week of days per transaction, then records the zone complete, from which moment the Analytics
 * page reads the rollups again instead of aggregating the calls (migration 034 says why each step is
 * safe beside the refreshes of calls finalized meanwhile). Rebuilds for the zone current when it runs,
 * whatever zone it was queued for; stops when the zone changes under it (the job that change queued takes
 * over); does nothing when the zone is complete already. Every step recomputes from the calls, so a retry
 * writes the same rows.
 */
export async function rebuildRollups(workerDb: Database, payload: unknown): Promise<void> {
  const { organizationId } = PayloadSchema.parse(payload);
  const inTenant = <T>(fn: (tx: Tx) => Promise<T>) => withTenant(workerDb, { orgId: organizationId }, fn);

  const start = await inTenant(async (tx) => {
    const { rows } = await sql<{ zone: string; firstDay: string | null; lastDay: string | null }>`
      select zone, to_char(first_day, 'YYYY-MM-DD') as "firstDay", to_char(last_day, 'YYYY-MM-DD') as "lastDay"
        from analytics.rebuild_start(${organizationId})`.execute(tx);
    return rows[0];
  });
  if (!start) return;
  const { zone, firstDay, lastDay } = start;
  if (firstDay !== null && lastDay !== null) {
    for (let from = firstDay; from <= lastDay; from = addDays(from, WINDOW_DAYS)) {
      const isCurrent = await inTenant(async (tx) => {
        const { rows } = await sql<{ current: boolean }>`
          select analytics.rebuild_window(${organizationId}, ${zone}, ${from}::date,
            ${addDays(from, WINDOW_DAYS - 1)}::date) as current`.execute(tx);
        return rows[0]?.current === true;
      });
      if (!isCurrent) return;
    }
  }
  await inTenant((tx) => sql`select analytics.rebuild_finish(${organizationId}, ${zone})`.execute(tx));
}
