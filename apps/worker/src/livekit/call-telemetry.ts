import { telemetry } from '@livekit/agents';
import type { CallMetadata } from '@switchboard/contracts/calls';
import { type CallTrace, startCallTrace } from '@switchboard/telemetry/call-telemetry';
import { currentTelemetry } from '@switchboard/telemetry/start-telemetry';

export interface WorkerCallTrace extends CallTrace {
  /** Exports what is buffered: the job process exits right after the call. */
  flush(): Promise<void>;
}

/**
 * The call's span, continuing the trace carried in the dispatch metadata, with LiveKit Agents' own spans
 * (agent_session, llm_request, function_tool, ...) exported under it by the same provider, stripped of
 * conversation content (allowPii: false). Telemetry off: a no-op span and nothing handed to LiveKit.
 */
export async function startWorkerCallTrace(metadata: CallMetadata): Promise<WorkerCallTrace> {
  const current = await currentTelemetry();
  if (current.enabled) {
    telemetry.setTracerProvider(current.tracerProvider, {
      metadata: { 'switchboard.call.id': metadata.callId, 'switchboard.agent.id': metadata.agentId },
      allowPii: false,
      registerSpanProcessor: (processor) => current.registerSpanProcessor(processor),
    });
  }
  return { ...startCallTrace(metadata.traceContext, metadata), flush: () => current.flush() };
}

/**
 * Starts `load` in the call's span without awaiting it: a web call's agent loads while the agent joins and
 * waits for the caller, and its database queries are spans of the call all the same (the context is the
 * one active when the loading starts, not when it is awaited). A failure is left to whoever awaits it.
 */
export function preloadInCallTrace<T>(callTrace: CallTrace, load: () => Promise<T>): Promise<T> {
  const loading = callTrace.run(load);
  loading.catch(() => {});
  return loading;
}
