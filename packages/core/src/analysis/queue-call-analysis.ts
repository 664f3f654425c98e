import type { Tx } from '@switchboard/db/tenant';
import { enqueueJob } from '../jobs/enqueue-job.ts';

export const ANALYZE_CALL_TASK = 'analyze_call';
/** A provider error is retried with the queue's backoff; the last attempt records it as the failure. */
export const ANALYZE_CALL_ATTEMPTS = 3;

/**
 * At the one moment a call is finalized (its worker, LiveKit's room webhook or the sweeper), in that
 * transaction: queues the analysis job. Every call gets one; the job reads the agent version's settings
 * (which the system door may not) and does nothing when analysis is off.
 */
export async function queueCallAnalysis(
  tx: Tx,
  { organizationId, callId }: { organizationId: string; callId: string },
): Promise<void> {
  await enqueueJob(tx, ANALYZE_CALL_TASK, { organizationId, callId }, ANALYZE_CALL_ATTEMPTS);
}
