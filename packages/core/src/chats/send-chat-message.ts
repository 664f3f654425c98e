import type { ChatTurn, SendChatMessage } from '@switchboard/contracts/chats';
import type { OrgScope } from '../access/actor.ts';
import { AppError } from '../errors.ts';
import { findChat } from './find-chat.ts';
import { queueChatTurn } from './queue-chat-turn.ts';

/**
 * Queues the tester's message for the worker tier, which answers it as the agent would on a call. One
 * turn at a time: the reply to a message is part of what the next one is answered from.
 */
export async function sendChatMessage(
  { tx, actor, membership }: OrgScope,
  callId: string,
  input: SendChatMessage,
): Promise<ChatTurn> {
  // Locks the call so two messages sent at once cannot both pass the pending check.
  await tx.selectFrom('calls').select('id').where('id', '=', callId).forUpdate().executeTakeFirst();
  const chat = await findChat(tx, callId);
  if (chat.status === 'ended' || chat.status === 'failed' || chat.turns.some((turn) => turn.kind === 'end')) {
    throw new AppError('CHAT_ENDED', 'This chat has ended; start a new one');
  }
  if (chat.turns.some((turn) => turn.status === 'pending')) {
    throw new AppError('CHAT_BUSY', 'The agent is still answering the previous message');
  }
  const id = await queueChatTurn(tx, {
    organizationId: membership.organizationId,
    callId,
    kind: 'message',
    userText: input.text,
    requestedBy: actor.userId,
  });
  const turn = (await findChat(tx, callId)).turns.find((candidate) => candidate.id === id);
  if (!turn) throw new Error('The turn just queued is missing');
  return turn;
}
