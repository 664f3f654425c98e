import { type Context, context, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { instruments } from './metrics.ts';
import { contextOf } from './trace-context.ts';

export interface CallTrace {
  /** The call span's context: the session (and LiveKit Agents' own spans) run in it. */
  context: Context;
  /** Runs `work` in the call's context: what it starts (queries, the session, tool calls) joins the trace. */
  run<T>(work: () => T): T;
  /** Ends the span once, recording the call's duration and end reason. */
  end(outcome: { endReason: string; durationSeconds: number }): void;
}

/**
 * The span of one call in the worker, continuing the trace of the request that started it (the dispatch
 * metadata's traceContext), and the active-calls gauge while it lasts. Attributes are ids only.
 */
export function startCallTrace(
  carried: unknown,
  call: { callId: string; organizationId: string; agentId: string },
): CallTrace {
  const span = trace.getTracer('switchboard.calls').startSpan(
    'call',
    {
      kind: SpanKind.CONSUMER,
      attributes: {
        'switchboard.call.id': call.callId,
        'switchboard.organization.id': call.organizationId,
        'switchboard.agent.id': call.agentId,
      },
    },
    contextOf(carried),
  );
  instruments.activeCalls().add(1);
  let ended = false;
  const callContext = trace.setSpan(context.active(), span);
  return {
    context: callContext,
    run: (work) => context.with(callContext, work),
    end({ endReason, durationSeconds }) {
      if (ended) return;
      ended = true;
      instruments.activeCalls().add(-1);
      instruments.callDuration().record(durationSeconds, { end_reason: endReason });
      span.setAttribute('switchboard.call.end_reason', endReason);
      if (endReason === 'model_error' || endReason === 'never_joined')
        span.setStatus({ code: SpanStatusCode.ERROR });
      span.end();
    },
  };
}
