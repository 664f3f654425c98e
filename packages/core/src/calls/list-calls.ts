import { ANALYSIS_FILTER_PREFIX, type Call, type ListCallsQuery } from '@switchboard/contracts/calls';
import { sql } from 'kysely';
import type { OrgScope } from '../access/actor.ts';
import { selectCalls, toCall } from './to-call.ts';

export async function listCalls({ tx }: OrgScope, filter: ListCallsQuery): Promise<Call[]> {
  let query = selectCalls(tx).orderBy('calls.createdAt', 'desc').limit(filter.limit);
  if (filter.agentId) query = query.where('calls.agentId', '=', filter.agentId);
  if (filter.from) query = query.where('calls.createdAt', '>=', new Date(`${filter.from}T00:00:00Z`));
  // `to` is a whole day: everything before the next midnight.
  if (filter.to)
    query = query.where('calls.createdAt', '<', new Date(Date.parse(`${filter.to}T00:00:00Z`) + 86_400_000));
  if (filter.evaluation) query = query.where('callAnalyses.evaluationScore', '=', filter.evaluation);
  for (const [key, value] of Object.entries(filter)) {
    if (!key.startsWith(ANALYSIS_FILTER_PREFIX) || typeof value !== 'string') continue;
    const field = key.slice(ANALYSIS_FILTER_PREFIX.length);
    // Containment (`data @> {...}`) is what the GIN index on call_analyses.data answers (migration 026).
    const asText = JSON.stringify({ [field]: value });
    const asJson = jsonValue(value);
    query = query.where((eb) =>
      asJson === undefined
        ? sql<boolean>`call_analyses.data @> ${asText}::jsonb`
        : eb.or([
            sql<boolean>`call_analyses.data @> ${asText}::jsonb`,
            sql<boolean>`call_analyses.data @> ${JSON.stringify({ [field]: asJson })}::jsonb`,
          ]),
    );
  }
  return (await query.execute()).map(toCall);
}

/** `true`, `42`, `null` as JSON values, so `?analysis.appointment_booked=true` matches a boolean. */
function jsonValue(text: string): unknown {
  try {
    const value: unknown = JSON.parse(text);
    return value === null || typeof value !== 'object' ? value : undefined;
  } catch {
    return undefined;
  }
}
