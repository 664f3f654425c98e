import { z } from 'zod';

/**
 * W3C trace context (traceparent/tracestate headers) as it travels inside our own messages: job payloads
 * and LiveKit dispatch metadata, so the work they start joins the trace of the request that started it.
 */
export const TraceContextSchema = z.strictObject({
  traceparent: z.string().max(128),
  tracestate: z.string().max(512).optional(),
});
export type TraceContext = z.infer<typeof TraceContextSchema>;
