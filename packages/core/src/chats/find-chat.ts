import type { Chat, ChatToolCall, ChatTurn } from '@switchboard/contracts/chats';
import type { Tx } from '@switchboard/db/tenant';
import { notFound } from '../errors.ts';

/** A call of channel `chat` with its turns in order; any other call is not a chat. */
export async function findChat(tx: Tx, callId: string): Promise<Chat> {
  const call = await tx
    .selectFrom('calls')
    .select(['id', 'agentId', 'status', 'endReason'])
    .where('id', '=', callId)
    .where('channel', '=', 'chat')
    .executeTakeFirst();
  if (!call) throw notFound('Chat');
  const turns = await tx
    .selectFrom('chatTurns')
    .selectAll()
    .where('callId', '=', callId)
    .orderBy('createdAt')
    .orderBy('id')
    .execute();
  return {
    callId: call.id,
    agentId: call.agentId,
    status: call.status as Chat['status'],
    endReason: call.endReason,
    turns: turns.map(
      (turn): ChatTurn => ({
        id: turn.id,
        kind: turn.kind as ChatTurn['kind'],
        userText: turn.userText,
        status: turn.status as ChatTurn['status'],
        reply: turn.reply,
        toolCalls: turn.toolCalls as ChatToolCall[],
        error: turn.error,
        createdAt: turn.createdAt.toISOString(),
        finishedAt: turn.finishedAt?.toISOString() ?? null,
      }),
    ),
  };
}
