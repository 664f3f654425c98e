import type { AnalyticsQuery } from '@switchboard/contracts/analytics';
import { sql } from 'kysely';
import type { OrgScope } from '../access/actor.ts';
import { toCredits } from '../billing/credits.ts';
import { resolveAnalyticsRange } from './analytics-range.ts';
import { csvLine } from './csv.ts';
import { callsInRange } from './get-analytics.ts';

/** At most this many calls per file: a longer range is exported in parts (narrower dates). */
export const CSV_MAX_ROWS = 100_000;

const HEADER = [
  'call_id',
  'created_at',
  'agent',
  'channel',
  'direction',
  'status',
  'end_reason',
  'duration_seconds',
  'cost_credits',
  'from_number',
  'to_number',
  'caller',
];

/**
 * The calls behind the analytics, one line each, oldest first (same filter and days), with a file name
 * naming the range. Numbers stay numbers; text cells are escaped against spreadsheet formulas (csv.ts).
 */
export async function exportCallsCsv(
  { tx, membership }: OrgScope,
  query: AnalyticsQuery,
): Promise<{ filename: string; csv: string; truncated: boolean }> {
  const range = await resolveAnalyticsRange(tx, membership.organizationId, query);
  const { rows } = await sql<{
    id: string;
    createdAt: Date;
    agent: string;
    channel: string;
    direction: string | null;
    status: string;
    endReason: string | null;
    durationSeconds: number | null;
    costMillicredits: string | null;
    fromNumber: string | null;
    toNumber: string | null;
    caller: string | null;
  }>`
    select c.id, c.created_at as "createdAt", a.name as agent, c.channel, c.direction, c.status,
           c.end_reason as "endReason", c.duration_seconds as "durationSeconds",
           c.cost_millicredits::text as "costMillicredits", c.from_number as "fromNumber",
           c.to_number as "toNumber", c.caller
      from calls c
      join agents a on a.id = c.agent_id
     where ${callsInRange(range)}
     order by c.created_at, c.id
     limit ${CSV_MAX_ROWS + 1}`.execute(tx);
  const truncated = rows.length > CSV_MAX_ROWS;
  const lines = [csvLine(HEADER)];
  for (const row of rows.slice(0, CSV_MAX_ROWS)) {
    lines.push(
      csvLine([
        row.id,
        row.createdAt.toISOString(),
        row.agent,
        row.channel,
        row.direction,
        row.status,
        row.endReason,
        row.durationSeconds,
        row.costMillicredits === null ? null : toCredits(row.costMillicredits),
        row.fromNumber,
        row.toNumber,
        row.caller,
      ]),
    );
  }
  return { filename: `calls-${range.from}-to-${range.to}.csv`, csv: lines.join(''), truncated };
}
