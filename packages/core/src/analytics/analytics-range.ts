import { type AnalyticsQuery, MAX_ANALYTICS_DAYS } from '@switchboard/contracts/analytics';
import type { Tx } from '@switchboard/db/tenant';
import { sql } from 'kysely';
import { AppError } from '../errors.ts';

/** The days an analytics request covers, and the instants that bound them. */
export interface AnalyticsRange {
  organizationId: string;
  agentId: string | undefined;
  from: string;
  to: string;
  timeZone: string;
  /** Local midnight starting `from`. */
  start: Date;
  /** Local midnight after `to` (exclusive). */
  end: Date;
  /**
   * The daily rollups hold every finalized call in `timeZone`. False while the rebuild that follows a time
   * zone change has not finished (migration 034): the analytics then aggregate the calls instead.
   */
  rollupsComplete: boolean;
}

/** Without dates: the 30 days up to today. */
const DEFAULT_DAYS = 30;

/**
 * Resolves the filter against the organization's time zone: whole local days, both ends included, cut at
 * the organization's midnight (like the billing usage and the daily spend cap). The queries then compare
 * `created_at` with two plain instants, which the indexes answer.
 */
export async function resolveAnalyticsRange(
  tx: Tx,
  organizationId: string,
  query: AnalyticsQuery,
): Promise<AnalyticsRange> {
  const { rows } = await sql<{
    timeZone: string;
    from: string;
    to: string;
    start: Date;
    end: Date;
    rollupsComplete: boolean;
  }>`
    with o as (select id, time_zone from organizations where id = ${organizationId}),
    d as (
      select o.time_zone,
             exists (select from call_daily_rollup_zones z where z.organization_id = o.id and z.time_zone = o.time_zone)
               as rollups_complete,
             coalesce(${query.to ?? null}::date, (now() at time zone o.time_zone)::date) as to_day
        from o
    ),
    r as (
      select time_zone, rollups_complete, to_day, coalesce(${query.from ?? null}::date, to_day - ${DEFAULT_DAYS - 1}::int) as from_day
        from d
    )
    select time_zone as "timeZone", to_char(from_day, 'YYYY-MM-DD') as "from", to_char(to_day, 'YYYY-MM-DD') as "to",
           from_day::timestamp at time zone time_zone as "start",
           (to_day + 1)::timestamp at time zone time_zone as "end", rollups_complete as "rollupsComplete"
      from r`.execute(tx);
  const row = rows[0];
  if (!row) throw new Error(`Organization ${organizationId} is not visible in this transaction`);
  // With one end given, the other is filled in: the pair can still be reversed or too long.
  const days = (Date.parse(row.to) - Date.parse(row.from)) / 86_400_000;
  if (days < 0 || days >= MAX_ANALYTICS_DAYS) {
    const message = days < 0 ? 'To must not be before From' : `At most ${MAX_ANALYTICS_DAYS} days`;
    throw new AppError('VALIDATION_ERROR', message, [{ path: 'querystring.to', message }]);
  }
  return { organizationId, agentId: query.agentId, ...row };
}
