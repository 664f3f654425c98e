import { type Context, context, propagation, ROOT_CONTEXT } from '@opentelemetry/api';
import { type TraceContext, TraceContextSchema } from '@switchboard/contracts/trace-context';

export type { TraceContext };

/** The active span's context to carry along, or undefined when there is none (telemetry off, no span). */
export function currentTraceContext(): TraceContext | undefined {
  const carrier: Record<string, string> = {};
  propagation.inject(context.active(), carrier);
  if (!carrier.traceparent) return undefined;
  return { traceparent: carrier.traceparent, ...(carrier.tracestate && { tracestate: carrier.tracestate }) };
}

/** The context a carried trace continues in; the root context when nothing (or nothing valid) was carried. */
export function contextOf(carried: unknown): Context {
  const parsed = TraceContextSchema.safeParse(carried);
  return parsed.success ? propagation.extract(ROOT_CONTEXT, parsed.data) : ROOT_CONTEXT;
}
