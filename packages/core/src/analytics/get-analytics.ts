import type { Analytics, AnalyticsQuery } from '@switchboard/contracts/analytics';
import { sql } from 'kysely';
import type { OrgScope } from '../access/actor.ts';
import { toCredits } from '../billing/credits.ts';
import { type AnalyticsRange, resolveAnalyticsRange } from './analytics-range.ts';
import { type Histogram, percentilesOf } from './histogram-percentiles.ts';

/** The calls of the range, by organization (the indexes lead with it) and the agent when one is chosen. */
export function callsInRange(range: AnalyticsRange, alias = 'c') {
  const column = (name: string) => sql.ref(`${alias}.${name}`);
  return sql`${column('organization_id')} = ${range.organizationId}
    and ${column('created_at')} >= ${range.start} and ${column('created_at')} < ${range.end}
    ${range.agentId ? sql`and ${column('agent_id')} = ${range.agentId}` : sql``}`;
}

/**
 * The range's rows in the shape of call_daily_rollups (migration 031): the stored rows of its days in the
 * organization's zone, which hold every finalized call, and the calls not finalized yet (few: today's, and
 * any still running), aggregated now by the same function that computes the stored rows. Together: every
 * call of the range once. While the rollups are rebuilt after a time zone change (migration 034), every
 * call of the range is aggregated by that function: slower for a long range of a large organization, the
 * same figures.
 */
function slicesOf(range: AnalyticsRange) {
  const live = sql`
    select s.day, s.calls, s.timed_calls, s.duration_seconds, s.cost_millicredits, s.end_reasons, s.hours,
           s.turns, s.latency, s.tools
      from analytics.call_slices(${range.timeZone}, array(
        select c.id from calls c
         where ${callsInRange(range)} ${range.rollupsComplete ? sql`and c.finalized_at is null` : sql``})) s`;
  if (!range.rollupsComplete) return live;
  return sql`
    select r.day, r.calls, r.timed_calls, r.duration_seconds, r.cost_millicredits, r.end_reasons, r.hours,
           r.turns, r.latency, r.tools
      from call_daily_rollups r
     where r.organization_id = ${range.organizationId}
       and r.day between ${range.from}::date and ${range.to}::date
       ${range.agentId ? sql`and r.agent_id = ${range.agentId}` : sql``}
       and r.time_zone = ${range.timeZone}
    union all
    ${live}`;
}

type Bucket = [string, number, number];

/** The calendar days from `from` to `to`, both included (YYYY-MM-DD). */
function everyDay(from: string, to: string): string[] {
  const days: string[] = [];
  for (let day = Date.parse(from); day <= Date.parse(to); day += 86_400_000) {
    days.push(new Date(day).toISOString().slice(0, 10));
  }
  return days;
}

/** The histograms of `buckets` ([name, bucket ms, count]) by name. */
function histogramsOf(buckets: Bucket[]): Map<string, Histogram> {
  const histograms = new Map<string, Histogram>();
  for (const [name, ms, count] of buckets) {
    const histogram = histograms.get(name) ?? new Map<number, number>();
    histogram.set(ms, (histogram.get(ms) ?? 0) + count);
    histograms.set(name, histogram);
  }
  return histograms;
}

/**
 * The organization's analytics over a range of days (its time zone), for all agents or one: calls,
 * minutes and cost per day, end reasons, busiest hours, tool calls by function and turn latency. A call's
 * turns and tool calls count on the call's day. Reads the daily rollups plus the calls not finalized yet
 * (slicesOf; while the rollups are rebuilt after a time zone change, the calls), summed in one statement:
 * a whole year is a few thousand rows, not every call (docs/performance.md "Analytics at 1,000,000
 * calls"). Sums are exact; percentiles come from histograms of buckets 10% wide (within 5% of the exact
 * ones, see migration 031's analytics.ms_bucket).
 */
export async function getAnalytics({ tx, membership }: OrgScope, query: AnalyticsQuery): Promise<Analytics> {
  const range = await resolveAnalyticsRange(tx, membership.organizationId, query);
  const { rows } = await sql<{
    days: { date: string; calls: number; seconds: number; timed: number; cost: string }[];
    reasons: { reason: string; calls: number }[];
    hours: { weekday: number; hour: number; calls: number }[];
    turns: number;
    latency: Bucket[];
    tools: { functionName: string; calls: number; errors: number }[];
    toolDurations: Bucket[];
  }>`
    with s as materialized (${slicesOf(range)})
    select
      coalesce((select jsonb_agg(d order by d.date) from (
        select to_char(s.day, 'YYYY-MM-DD') as date, sum(s.calls)::int as calls,
               sum(s.duration_seconds)::float8 as seconds, sum(s.timed_calls)::int as timed,
               sum(s.cost_millicredits)::text as cost
          from s group by s.day) d), '[]') as days,
      coalesce((select jsonb_agg(jsonb_build_object('reason', e.key, 'calls', e.calls)) from (
        select e.key, sum(e.value::int)::int as calls from s, jsonb_each_text(s.end_reasons) e group by e.key) e),
        '[]') as reasons,
      coalesce((select jsonb_agg(jsonb_build_object('weekday', h.weekday, 'hour', h.hour, 'calls', h.calls)) from (
        select extract(dow from s.day)::int as weekday, h.key::int as hour, sum(h.value::int)::int as calls
          from s, jsonb_each_text(s.hours) h group by 1, 2) h), '[]') as hours,
      (select coalesce(sum(s.turns), 0)::int from s) as turns,
      coalesce((select jsonb_agg(jsonb_build_array(l.measure, l.ms, l.count)) from (
        select m.key as measure, b.key::float8 as ms, sum(b.value::int)::int as count
          from s, jsonb_each(s.latency) m, jsonb_each_text(m.value) b group by 1, 2) l), '[]') as latency,
      coalesce((select jsonb_agg(
          jsonb_build_object('functionName', f.name, 'calls', f.calls, 'errors', f.errors)
          order by f.calls desc, f.name) from (
        select f.key as name, sum((f.value ->> 'calls')::int)::int as calls,
               sum((f.value ->> 'errors')::int)::int as errors
          from s, jsonb_each(s.tools) f group by f.key) f), '[]') as tools,
      coalesce((select jsonb_agg(jsonb_build_array(d.name, d.ms, d.count)) from (
        select f.key as name, b.key::float8 as ms, sum(b.value::int)::int as count
          from s, jsonb_each(s.tools) f, jsonb_each_text(f.value -> 'durations') b group by 1, 2) d), '[]')
        as "toolDurations"`.execute(tx);
  const row = rows[0]!;
  const totalSeconds = row.days.reduce((sum, day) => sum + day.seconds, 0);
  const timedCalls = row.days.reduce((sum, day) => sum + day.timed, 0);
  const latency = histogramsOf(row.latency);
  const toolDurations = histogramsOf(row.toolDurations);
  const round = (ms: number | null) => (ms === null ? null : Math.round(ms));

  return {
    from: range.from,
    to: range.to,
    timeZone: range.timeZone,
    totals: {
      calls: row.days.reduce((sum, day) => sum + day.calls, 0),
      minutes: Math.round((totalSeconds / 60) * 10) / 10,
      costCredits: toCredits(row.days.reduce((sum, day) => sum + BigInt(day.cost), 0n)),
      averageDurationSeconds: timedCalls > 0 ? Math.round(totalSeconds / timedCalls) : null,
    },
    // Every day of the range, so a chart has no gaps.
    byDay: everyDay(range.from, range.to).map((date) => {
      const day = row.days.find((found) => found.date === date);
      return {
        date,
        calls: day?.calls ?? 0,
        minutes: day ? Math.round((day.seconds / 60) * 10) / 10 : 0,
        costCredits: day ? toCredits(day.cost) : 0,
      };
    }),
    endReasons: row.reasons.sort((a, b) => b.calls - a.calls || a.reason.localeCompare(b.reason)),
    toolCalls: row.tools.map((tool) => {
      const { p50, p90 } = percentilesOf(toolDurations.get(tool.functionName));
      return { ...tool, p50Ms: round(p50), p90Ms: round(p90) };
    }),
    latency: {
      turns: row.turns,
      endOfUtteranceMs: percentilesOf(latency.get('endOfUtterance')),
      firstTokenMs: percentilesOf(latency.get('firstToken')),
      firstAudioMs: percentilesOf(latency.get('firstAudio')),
      toolMs: percentilesOf(latency.get('tool')),
    },
    busiestHours: row.hours,
  };
}
