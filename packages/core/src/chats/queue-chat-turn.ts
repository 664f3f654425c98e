import type { Tx } from '@switchboard/db/tenant';
import { enqueueJob } from '../jobs/enqueue-job.ts';

/** The job runner's task (apps/worker/src/chat/run-chat-turn.ts): the worker tier alone opens keys and secrets. */
export const RUN_CHAT_TURN_TASK = 'run_chat_turn';

/**
 * Records a pending turn and queues its job in the same transaction, so a turn is never lost. One attempt:
 * a turn whose functions ran must not run them again; a failure is recorded on the turn instead.
 */
export async function queueChatTurn(
  tx: Tx,
  turn: {
    organizationId: string;
    callId: string;
    kind: 'greet' | 'message' | 'end';
    userText?: string;
    requestedBy: string | null;
  },
): Promise<string> {
  const { id } = await tx
    .insertInto('chatTurns')
    .values({
      organizationId: turn.organizationId,
      callId: turn.callId,
      kind: turn.kind,
      userText: turn.userText ?? null,
      requestedBy: turn.requestedBy,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await enqueueJob(tx, RUN_CHAT_TURN_TASK, { organizationId: turn.organizationId, turnId: id }, 1);
  return id;
}
