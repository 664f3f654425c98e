import type { Tx } from '@switchboard/db/tenant';
import { currentTraceContext } from '@switchboard/telemetry/trace-context';
import { sql } from 'kysely';

/**
 * The one place a background job is queued, in the caller's transaction (a change that rolls back queues
 * nothing). With telemetry on, the payload carries the W3C trace context of the request that queued it, so
 * the job runs in the same trace (runJobs extracts it). Jobs of the same `queueName` run one after another
 * (graphile-worker's named queues, migration 028), never side by side.
 */
export async function enqueueJob(
  tx: Tx,
  task: string,
  payload: Record<string, string>,
  maxAttempts: number,
  queueName?: string,
): Promise<void> {
  const traceContext = currentTraceContext();
  const json = JSON.stringify({ ...payload, ...(traceContext && { traceContext }) });
  await (queueName === undefined
    ? sql`select jobs.enqueue(${task}, ${json}::json, ${maxAttempts})`
    : sql`select jobs.enqueue(${task}, ${json}::json, ${maxAttempts}, ${queueName})`
  ).execute(tx);
}
