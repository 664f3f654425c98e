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
