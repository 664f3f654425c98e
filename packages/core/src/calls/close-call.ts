import type { Tx } from '@switchboard/db/tenant';
import { queueCallAnalysis } from '../analysis/queue-call-analysis.ts';
import { queueCallEnded } from '../webhooks/call-events.ts';

export interface CallClosing {
  callId: string;
  endReason: string;
  endedAt: Date;
  durationSeconds: number;
}

/**
 * Finalizes a call nobody finalized yet, for the closers that are not its worker (LiveKit's room_finished
 * webhook, the stale-call sweeper). The usage and the cost stay what the worker wrote during the call (0 if
 * it wrote none). Returns false when the call was finalized already: the first finalization wins,
 * whoever makes it. Queues call.ended (webhooks/call-events.ts) and the analysis with the finalization.
 */
export async function closeCall(tx: Tx, { callId, endReason, endedAt, durationSeconds }: CallClosing) {
  const closed = await tx
    .updateTable('calls')
    .set((eb) => ({
      status: 'ended',
      endReason,
      endedAt,
      durationSeconds,
      costMillicredits: eb.fn.coalesce('costMillicredits', eb.val('0')),
      finalizedAt: eb.fn('now', []),
    }))
    .where('id', '=', callId)
    .where('finalizedAt', 'is', null)
    .returning('organizationId')
    .executeTakeFirst();
  if (!closed) return false;
  await queueCallEnded(tx, { organizationId: closed.organizationId, callId });
  await queueCallAnalysis(tx, { organizationId: closed.organizationId, callId });
  return true;
}
