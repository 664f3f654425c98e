import { z } from 'zod';
import { UuidSchema } from './common.ts';

/** The longest range one request may cover: the aggregates stay bounded. */
export const MAX_ANALYTICS_DAYS = 366;

const DAY_MS = 86_400_000;

/**
 * An organization's analytics filter: an agent (or all), and a range of whole days in the organization's
 * time zone, both ends included. Without dates: the last 30 days.
 */
export const AnalyticsQuerySchema = z
  .strictObject({
    agentId: UuidSchema.optional(),
    from: z.iso.date().optional(),
    to: z.iso.date().optional(),
  })
  .superRefine(({ from, to }, context) => {
    if (!from || !to) return;
    const days = (Date.parse(to) - Date.parse(from)) / DAY_MS;
    if (days < 0) context.addIssue({ code: 'custom', path: ['to'], message: 'To must not be before From' });
    else if (days >= MAX_ANALYTICS_DAYS)
      context.addIssue({ code: 'custom', path: ['to'], message: `At most ${MAX_ANALYTICS_DAYS} days` });
  });
export type AnalyticsQuery = z.infer<typeof AnalyticsQuerySchema>;

/** Milliseconds at the 50th, 90th and 99th percentile; null when nothing was measured. */
export const PercentilesSchema = z.object({
  p50: z.number().nullable(),
  p90: z.number().nullable(),
  p99: z.number().nullable(),
});
export type Percentiles = z.infer<typeof PercentilesSchema>;

export const LatencySummarySchema = z.object({
  /** Turns measured. */
  turns: z.number().int(),
  endOfUtteranceMs: PercentilesSchema,
  firstTokenMs: PercentilesSchema,
  firstAudioMs: PercentilesSchema,
  /** Over the turns that called at least one function. */
  toolMs: PercentilesSchema,
});
export type LatencySummary = z.infer<typeof LatencySummarySchema>;

export const AnalyticsSchema = z
  .object({
    /** The range the figures cover (dates in the organization's time zone). */
    from: z.iso.date(),
    to: z.iso.date(),
    timeZone: z.string(),
    totals: z.object({
      calls: z.number().int(),
      minutes: z.number(),
      costCredits: z.number(),
      averageDurationSeconds: z.number().nullable(),
    }),
    byDay: z.array(
      z.object({ date: z.iso.date(), calls: z.number().int(), minutes: z.number(), costCredits: z.number() }),
    ),
    /** Ended calls by recorded reason; calls still open count as 'in_progress'. */
    endReasons: z.array(z.object({ reason: z.string(), calls: z.number().int() })),
    toolCalls: z.array(
      z.object({
        functionName: z.string(),
        calls: z.number().int(),
        errors: z.number().int(),
        p50Ms: z.number().nullable(),
        p90Ms: z.number().nullable(),
      }),
    ),
    latency: LatencySummarySchema,
    /** Calls started per weekday (0 = Sunday) and hour of day, in the organization's time zone. */
    busiestHours: z.array(
      z.object({
        weekday: z.number().int().min(0).max(6),
        hour: z.number().int().min(0).max(23),
        calls: z.number().int(),
      }),
    ),
  })
  .meta({ id: 'Analytics' });
export type Analytics = z.infer<typeof AnalyticsSchema>;

/** An agent's latency over its most recent calls. */
export const AgentLatencySchema = z
  .object({ calls: z.number().int(), latency: LatencySummarySchema })
  .meta({ id: 'AgentLatency' });
export type AgentLatency = z.infer<typeof AgentLatencySchema>;

export const AgentLatencyQuerySchema = z.strictObject({
  lastCalls: z.coerce.number().int().min(1).max(500).default(50),
});
