import type { LatencySummary, Percentiles } from '@switchboard/contracts/analytics';
import type { Tx } from '@switchboard/db/tenant';
import { type RawBuilder, sql } from 'kysely';

type PercentileRow = (number | null)[] | null;

const percentiles = (values: PercentileRow): Percentiles => ({
  p50: values?.[0] ?? null,
  p90: values?.[1] ?? null,
  p99: values?.[2] ?? null,
});

const at = (column: string, filter = '') =>
  sql.raw(`percentile_cont(array[0.5, 0.9, 0.99]) within group (order by ${column})${filter}`);

/** The columns `latencySummary` reads: all in call_turns' analytics index, so it can answer alone. */
export const TURN_COLUMNS = sql.raw(
  't.end_of_utterance_ms, t.first_token_ms, t.first_audio_ms, t.tool_ms, t.tool_calls',
);

/**
 * Percentiles of the turns `turns` selects (a query over call_turns aliased `t`, selecting TURN_COLUMNS).
 * Nulls (not measured) are left out of each measure; tool time counts only turns that called a function.
 */
export async function latencySummary(tx: Tx, turns: RawBuilder<unknown>): Promise<LatencySummary> {
  const { rows } = await sql<{
    turns: number;
    eou: PercentileRow;
    ttft: PercentileRow;
    ttfa: PercentileRow;
    tool: PercentileRow;
  }>`
    select count(*)::int as turns,
           ${at('t.end_of_utterance_ms')} as eou,
           ${at('t.first_token_ms')} as ttft,
           ${at('t.first_audio_ms')} as ttfa,
           ${at('t.tool_ms', ' filter (where t.tool_calls > 0)')} as tool
      from (${turns}) t`.execute(tx);
  const row = rows[0];
  return {
    turns: row?.turns ?? 0,
    endOfUtteranceMs: percentiles(row?.eou ?? null),
    firstTokenMs: percentiles(row?.ttft ?? null),
    firstAudioMs: percentiles(row?.ttfa ?? null),
    toolMs: percentiles(row?.tool ?? null),
  };
}
