import { z } from 'zod';
import { CallStatusSchema } from './calls.ts';
import { TimestampSchema, UuidSchema } from './common.ts';
import { CallVariablesSchema } from './phone.ts';

export const ChatParamsSchema = z.object({ orgId: UuidSchema, callId: UuidSchema });

/** Starting a chat: the variables its `{{name}}` slots are filled with, as a call's would be. */
export const StartChatSchema = z.strictObject({ variables: CallVariablesSchema.default({}) });
export type StartChat = z.infer<typeof StartChatSchema>;

export const SendChatMessageSchema = z.strictObject({
  text: z.string().trim().min(1, 'Type a message').max(4000, 'At most 4000 characters'),
});
export type SendChatMessage = z.infer<typeof SendChatMessageSchema>;

/** One function the agent called in a turn, as the call's record has it (secrets never included). */
export const ChatToolCallSchema = z.object({
  toolCallId: z.string(),
  functionName: z.string(),
  arguments: z.unknown(),
  result: z.unknown(),
  isError: z.boolean(),
});
export type ChatToolCall = z.infer<typeof ChatToolCallSchema>;

/**
 * A turn: the greeting, one message and the agent's reply with its tool calls, or the end of the chat.
 * Pending until the worker tier answered; `error` says in words why a turn failed.
 */
export const ChatTurnSchema = z.object({
  id: UuidSchema,
  kind: z.enum(['greet', 'message', 'end']),
  userText: z.string().nullable(),
  status: z.enum(['pending', 'succeeded', 'failed']),
  reply: z.string().nullable(),
  toolCalls: z.array(ChatToolCallSchema),
  error: z.string().nullable(),
  createdAt: TimestampSchema,
  finishedAt: TimestampSchema.nullable(),
});
export type ChatTurn = z.infer<typeof ChatTurnSchema>;

/** A chat is a call of channel `chat`: its status is the call's, its turns in order. */
export const ChatSchema = z.object({
  callId: UuidSchema,
  agentId: UuidSchema,
  status: CallStatusSchema,
  endReason: z.string().nullable(),
  turns: z.array(ChatTurnSchema),
});
export type Chat = z.infer<typeof ChatSchema>;
