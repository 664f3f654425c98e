import { SpanStatusCode, trace } from '@opentelemetry/api';
import { instruments } from './metrics.ts';

export interface ToolCallDescription {
  /** The tool's kind (http, google_calendar, call_control, ...), never its URL or secrets. */
  kind: string;
  functionName: string;
  /** Where it ran: a call or a test run from the dashboard. */
  source: 'call' | 'test_run';
}

/**
 * One function call as a span (kind, function, status; never its arguments or result) and in the tool
 * latency and error metrics by function. `run` tells whether the outcome was an error it handled itself.
 */
export async function traceToolCall<T>(
  tool: ToolCallDescription,
  run: () => Promise<T>,
  isError: (result: T) => boolean = () => false,
): Promise<T> {
  const attributes = {
    'switchboard.tool.kind': tool.kind,
    'switchboard.tool.function': tool.functionName,
    'switchboard.tool.source': tool.source,
  };
  const startedAt = performance.now();
  return trace
    .getTracer('switchboard.tools')
    .startActiveSpan(`tool ${tool.functionName}`, { attributes }, async (span) => {
      let failed = false;
      try {
        const result = await run();
        failed = isError(result);
        return result;
      } catch (error) {
        failed = true;
        throw error;
      } finally {
        const outcome = failed ? 'error' : 'ok';
        if (failed) span.setStatus({ code: SpanStatusCode.ERROR });
        span.setAttribute('switchboard.tool.outcome', outcome);
        const metricAttributes = {
          kind: tool.kind,
          function: tool.functionName,
          source: tool.source,
          outcome,
        };
        instruments.toolDuration().record((performance.now() - startedAt) / 1000, metricAttributes);
        if (failed) instruments.toolErrors().add(1, metricAttributes);
        span.end();
      }
    });
}
