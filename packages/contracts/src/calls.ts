import { z } from 'zod';
import { TimestampSchema, UuidSchema } from './common.ts';

/** What the API puts in the LiveKit dispatch and the worker trusts only after parsing it with this. */
export const CallMetadataSchema = z.strictObject({
  callId: UuidSchema,
  organizationId: UuidSchema,
  agentId: UuidSchema,
  agentVersion: z.number().int().positive(),
});
export type CallMetadata = z.infer<typeof CallMetadataSchema>;

export const CallStatusSchema = z.enum(['created', 'active', 'ended', 'failed']);
export const CallChannelSchema = z.enum(['web', 'phone', 'chat']);

/** Why a call ended, as recorded by whoever saw the end first. */
export const END_REASONS = [
  'caller_hung_up',
  'agent_ended',
  'transferred',
  'max_duration',
  'silence_timeout',
  'model_error',
  'room_closed',
  'never_joined',
  /** The worker was stopped (deploy, SIGTERM) and its drain limit passed before the call ended. */
  'worker_shutdown',
  /** Billing (docs/billing.md "Metering"): the organization's balance ran out during the call. */
  'credits_exhausted',
  /** Billing: the call reached the organization's per-call cost cap. */
  'cost_cap_reached',
] as const;

export const CallSchema = z
  .object({
    id: UuidSchema,
    agent: z.object({ id: UuidSchema, name: z.string(), version: z.number().int() }),
    channel: CallChannelSchema,
    status: CallStatusSchema,
    caller: z.string().nullable(),
    startedAt: TimestampSchema.nullable(),
    endedAt: TimestampSchema.nullable(),
    durationSeconds: z.number().int().nullable(),
    endReason: z.string().nullable(),
    /** Credits with 3 decimals (the database keeps integer millicredits). */
    costCredits: z.number().nullable(),
    createdAt: TimestampSchema,
  })
  .meta({ id: 'Call' });
export type Call = z.infer<typeof CallSchema>;

export const TranscriptItemSchema = z.object({
  seq: z.number().int(),
  role: z.enum(['user', 'assistant', 'system']),
  text: z.string(),
  interrupted: z.boolean(),
  createdAt: TimestampSchema,
});

export const CallToolCallSchema = z.object({
  toolCallId: z.string(),
  functionName: z.string(),
  arguments: z.unknown(),
  result: z.unknown(),
  isError: z.boolean(),
  startedAt: TimestampSchema,
  finishedAt: TimestampSchema.nullable(),
  durationMs: z.number().int().nullable(),
});

export const CallDetailSchema = CallSchema.extend({
  transcript: z.array(TranscriptItemSchema),
  toolCalls: z.array(CallToolCallSchema),
}).meta({ id: 'CallDetail' });
export type CallDetail = z.infer<typeof CallDetailSchema>;

export const CallParamsSchema = z.object({ orgId: UuidSchema, callId: UuidSchema });
export const ListCallsQuerySchema = z.strictObject({
  agentId: UuidSchema.optional(),
  from: z.iso.date().optional(),
  to: z.iso.date().optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export const WebCallSchema = z
  .object({ callId: UuidSchema, url: z.string(), token: z.string(), roomName: z.string() })
  .meta({ id: 'WebCall' });
export type WebCall = z.infer<typeof WebCallSchema>;

/** The figures behind a billing refusal, in credits. */
export const CallLimitSchema = z.object({
  balanceCredits: z.number(),
  spentTodayCredits: z.number(),
  dailySpendCapCredits: z.number().nullable(),
  openCalls: z.number().int(),
  concurrentCallLimit: z.number().int().nullable(),
});
export type CallLimit = z.infer<typeof CallLimitSchema>;

/** Why a call cannot start now; each names what to change (`missing`: settings an operator must set). */
export const CallProblemSchema = z.object({
  code: z.enum([
    'VOICE_NOT_CONFIGURED',
    'MODEL_NOT_CONFIGURED',
    'AGENT_ARCHIVED',
    'INSUFFICIENT_CREDITS',
    'DAILY_SPEND_CAP_REACHED',
    'CONCURRENT_CALL_LIMIT',
  ]),
  message: z.string(),
  missing: z.array(z.string()),
  /** For the billing refusals: the figures behind the limit that was reached. */
  limit: CallLimitSchema.optional(),
});
export type CallProblem = z.infer<typeof CallProblemSchema>;

/** Whether a call with this agent would be admitted now, asked before the button is pressed. */
export const CallReadinessSchema = z
  .object({ canStartCall: z.boolean(), problems: z.array(CallProblemSchema) })
  .meta({ id: 'CallReadiness' });
export type CallReadiness = z.infer<typeof CallReadinessSchema>;
