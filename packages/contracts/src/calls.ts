import { z } from 'zod';
import { ANALYSIS_FIELD_NAME, CallAnalysisSchema, EvaluationScoreSchema } from './analysis.ts';
import { TimestampSchema, UuidSchema } from './common.ts';
import { TraceContextSchema } from './trace-context.ts';

/** What the API puts in the LiveKit dispatch and the worker trusts only after parsing it with this. */
export const CallMetadataSchema = z.strictObject({
  callId: UuidSchema,
  organizationId: UuidSchema,
  agentId: UuidSchema,
  agentVersion: z.number().int().positive(),
  /** The trace of the request that started the call, when telemetry is on: the worker's call span joins it. */
  traceContext: TraceContextSchema.optional(),
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
  /** Phone (docs/phone.md): an outbound call reached an answering machine (message left or hung up). */
  'voicemail',
  /** Phone: an outbound call was not answered, was busy, or could not be placed. */
  'no_answer',
  'busy',
  'dial_failed',
  /** Phone: an inbound call was refused before the agent answered (credits, limits, no agent assigned). */
  'refused',
] as const;

/**
 * The problems that can refuse an inbound phone call as it rings (every call problem but
 * VOICE_NOT_CONFIGURED: the worker answering has voice), kept on the call (calls.refusal_reason, migration 030).
 */
export const CallRefusalReasonSchema = z.enum([
  'MODEL_NOT_CONFIGURED',
  'AGENT_ARCHIVED',
  'INSUFFICIENT_CREDITS',
  'DAILY_SPEND_CAP_REACHED',
  'CONCURRENT_CALL_LIMIT',
]);
export type CallRefusalReason = z.infer<typeof CallRefusalReasonSchema>;

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
    /** Phone calls only (docs/phone.md): direction, the two numbers and how far the line got. */
    phone: z
      .object({
        direction: z.enum(['inbound', 'outbound']),
        fromNumber: z.string().nullable(),
        toNumber: z.string().nullable(),
        status: z.string().nullable(),
        /** An inbound call refused before the agent answered: which limit refused it (docs/phone.md). */
        refusalReason: CallRefusalReasonSchema.nullable(),
      })
      .nullable(),
    createdAt: TimestampSchema,
    /** The success evaluation's score once the call is analyzed (docs/analysis.md). */
    evaluation: EvaluationScoreSchema.nullable(),
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

/** One reply of the agent and what the caller waited for (milliseconds; null when not measured). */
export const CallTurnSchema = z.object({
  turnIndex: z.number().int(),
  endOfUtteranceMs: z.number().int().nullable(),
  transcriptionMs: z.number().int().nullable(),
  firstTokenMs: z.number().int().nullable(),
  firstAudioMs: z.number().int().nullable(),
  toolMs: z.number().int(),
  toolCalls: z.number().int(),
  createdAt: TimestampSchema,
});
export type CallTurn = z.infer<typeof CallTurnSchema>;

export const CallDetailSchema = CallSchema.extend({
  transcript: z.array(TranscriptItemSchema),
  toolCalls: z.array(CallToolCallSchema),
  turns: z.array(CallTurnSchema),
  /** Post-call analysis (docs/analysis.md); null while it runs, or when the agent's analysis is off. */
  analysis: CallAnalysisSchema.nullable(),
}).meta({ id: 'CallDetail' });
export type CallDetail = z.infer<typeof CallDetailSchema>;

export const CallParamsSchema = z.object({ orgId: UuidSchema, callId: UuidSchema });
/** `analysis.<field>=<value>` in the Calls list's query: calls whose extracted data has that value. */
export const ANALYSIS_FILTER_PREFIX = 'analysis.';

export const ListCallsQuerySchema = z
  .object({
    agentId: UuidSchema.optional(),
    from: z.iso.date().optional(),
    to: z.iso.date().optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
    /** Calls whose success evaluation scored this (pass/fail, or 1–5). */
    evaluation: EvaluationScoreSchema.optional(),
  })
  // Any other parameter is a filter on the analysis data, e.g. `?analysis.appointment_booked=true`; the value
  // matches JSON (true, 42, null) or the same text.
  .catchall(z.string().max(200))
  .superRefine((query, context) => {
    for (const key of Object.keys(query)) {
      if (['agentId', 'from', 'to', 'limit', 'evaluation'].includes(key)) continue;
      const field = key.slice(ANALYSIS_FILTER_PREFIX.length);
      if (!key.startsWith(ANALYSIS_FILTER_PREFIX) || !ANALYSIS_FIELD_NAME.test(field)) {
        context.addIssue({
          code: 'custom',
          path: [key],
          message: 'Unknown parameter: filter on analysis data as analysis.<field>=<value>',
        });
      }
    }
  });
export type ListCallsQuery = z.infer<typeof ListCallsQuerySchema>;

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
  code: z.enum(['VOICE_NOT_CONFIGURED', ...CallRefusalReasonSchema.options]),
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
