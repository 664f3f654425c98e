import type { Chat } from '@switchboard/contracts/chats';
import type { OrgScope } from '../access/actor.ts';
import { findChat } from './find-chat.ts';
import { queueChatTurn } from './queue-chat-turn.ts';

/**
 * Ends a test chat (Reset in the dashboard): the worker tier finalizes the call like any other, with its
 * duration and last debit. Ending a chat that has ended or is ending changes nothing.
 */
export async function endChat({ tx, actor, membership }: OrgScope, callId: string): Promise<Chat> {
  await tx.selectFrom('calls').select('id').where('id', '=', callId).forUpdate().executeTakeFirst();
  const chat = await findChat(tx, callId);
  const isOver =
    chat.status === 'ended' || chat.status === 'failed' || chat.turns.some((turn) => turn.kind === 'end');
  if (isOver) return chat;
  await queueChatTurn(tx, {
    organizationId: membership.organizationId,
    callId,
    kind: 'end',
    requestedBy: actor.userId,
  });
  return findChat(tx, callId);
}
