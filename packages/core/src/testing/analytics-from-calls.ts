import type { Analytics, AnalyticsQuery } from '@switchboard/contracts/analytics';
import { sql } from 'kysely';
import type { OrgScope } from '../access/actor.ts';
import { type AnalyticsRange, resolveAnalyticsRange } from '../analytics/analytics-range.ts';
import { callsInRange } from '../analytics/get-analytics.ts';
import { latencySummary, TURN_COLUMNS } from '../analytics/latency-summary.ts';
import { toCredits } from '../billing/credits.ts';

/** Rows of call_tool_calls or call_turns (aliased `t`) of the range's calls. */
function childrenInRange(range: AnalyticsRange) {
  return sql`t.organization_id = ${range.organizationId}
    and exists (select 1 from calls c where c.id = t.call_id and ${callsInRange(range)})`;
}

/** The calendar days from `from` to `to`, both included (YYYY-MM-DD). */
function everyDay(from: string, to: string): string[] {
  const days: string[] = [];
  for (let day = Date.parse(from); day <= Date.parse(to); day += 86_400_000) {
    days.push(new Date(day).toISOString().slice(0, 10));
  }
  return days;
}

/**
 * The analytics aggregated from the calls, their turns and tool calls themselves, with exact percentiles:
 * what getAnalytics computed before the daily rollups (migration 031), kept as the reference the tests
 * hold the rollups to and the benchmark compares them with. Not used by the API.
 */
export async function getAnalyticsFromCalls(
  { tx, membership }: OrgScope,
  query: AnalyticsQuery,
): Promise<Analytics> {
  const range = await resolveAnalyticsRange(tx, membership.organizationId, query);
  const tz = range.timeZone;

  // One pass over the calls: per day, per end reason, per weekday and hour.
  const { rows: grouped } = await sql<{
    day: string | null;
    reason: string | null;
    weekday: number | null;
    hour: number | null;
    calls: number;
    seconds: number;
    timed: number;
    cost: string;
  }>`
    select to_char((c.created_at at time zone ${tz})::date, 'YYYY-MM-DD') as day,
           coalesce(c.end_reason, case when c.status in ('created', 'active') then 'in_progress' else c.status end)
             as reason,
           extract(dow from c.created_at at time zone ${tz})::int as weekday,
           extract(hour from c.created_at at time zone ${tz})::int as hour,
           count(*)::int as calls,
           coalesce(sum(c.duration_seconds), 0)::float8 as seconds,
           count(c.duration_seconds)::int as timed,
           coalesce(sum(c.cost_millicredits), 0)::text as cost
      from calls c
     where ${callsInRange(range)}
     group by grouping sets ((1), (2), (3, 4))`.execute(tx);

  const days = grouped.filter((row) => row.day !== null).sort((a, b) => (a.day! < b.day! ? -1 : 1));
  const totalSeconds = days.reduce((sum, row) => sum + row.seconds, 0);
  const timedCalls = days.reduce((sum, row) => sum + row.timed, 0);

  const { rows: tools } = await sql<{
    functionName: string;
    calls: number;
    errors: number;
    durations: (number | null)[] | null;
  }>`
    select t.function_name as "functionName", count(*)::int as calls,
           (count(*) filter (where t.is_error))::int as errors,
           percentile_cont(array[0.5, 0.9]) within group (
             order by extract(epoch from t.finished_at - t.started_at) * 1000
           ) as durations
      from call_tool_calls t
     where ${childrenInRange(range)}
     group by t.function_name
     order by calls desc, t.function_name`.execute(tx);

  const latency = await latencySummary(
    tx,
    sql`select ${TURN_COLUMNS} from call_turns t where ${childrenInRange(range)}`,
  );

  return {
    from: range.from,
    to: range.to,
    timeZone: tz,
    totals: {
      calls: days.reduce((sum, row) => sum + row.calls, 0),
      minutes: Math.round((totalSeconds / 60) * 10) / 10,
      costCredits: toCredits(days.reduce((sum, row) => sum + BigInt(row.cost), 0n)),
      averageDurationSeconds: timedCalls > 0 ? Math.round(totalSeconds / timedCalls) : null,
    },
    // Every day of the range, so a chart has no gaps.
    byDay: everyDay(range.from, range.to).map((date) => {
      const row = days.find((day) => day.day === date);
      return {
        date,
        calls: row?.calls ?? 0,
        minutes: row ? Math.round((row.seconds / 60) * 10) / 10 : 0,
        costCredits: row ? toCredits(row.cost) : 0,
      };
    }),
    endReasons: grouped
      .filter((row) => row.reason !== null)
      .map((row) => ({ reason: row.reason!, calls: row.calls }))
      .sort((a, b) => b.calls - a.calls || a.reason.localeCompare(b.reason)),
    toolCalls: tools.map((row) => ({
      functionName: row.functionName,
      calls: row.calls,
      errors: row.errors,
      p50Ms: row.durations?.[0] == null ? null : Math.round(row.durations[0]),
      p90Ms: row.durations?.[1] == null ? null : Math.round(row.durations[1]),
    })),
    latency,
    busiestHours: grouped
      .filter((row) => row.weekday !== null && row.hour !== null)
      .map((row) => ({ weekday: row.weekday!, hour: row.hour!, calls: row.calls })),
  };
}
