import type { Attributes } from '@opentelemetry/api';
import { InMemoryLogRecordExporter } from '@opentelemetry/sdk-logs';
import { AggregationTemporality, InMemoryMetricExporter } from '@opentelemetry/sdk-metrics';
import { InMemorySpanExporter, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { type StartTelemetryOptions, startTelemetry, type Telemetry } from '../src/start-telemetry.ts';

export interface InMemoryTelemetry {
  telemetry: Telemetry;
  spans: InMemorySpanExporter;
  metrics: InMemoryMetricExporter;
  logs: InMemoryLogRecordExporter;
  /** Everything exported so far (spans, metrics, logs) as one JSON text, for canary scans. */
  exportedText(): Promise<string>;
  /** The attributes of every data point exported so far of the metric `name`. */
  pointsOf(name: string): Attributes[];
}

/**
 * The process's telemetry with the SDK's in-memory exporters. Must run before the modules it instruments
 * load: test files import the code under test dynamically after awaiting this.
 */
export async function startInMemoryTelemetry(
  options: Pick<StartTelemetryOptions, 'incomingHttpSpans'> = {},
): Promise<InMemoryTelemetry> {
  const spans = new InMemorySpanExporter();
  const metrics = new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE);
  const logs = new InMemoryLogRecordExporter();
  const telemetry = await startTelemetry({
    serviceName: 'switchboard-test',
    exporters: { spans, metrics, logs },
    ...options,
  });
  return {
    telemetry,
    spans,
    metrics,
    logs,
    exportedText: async () => {
      await telemetry.flush();
      const seen = {
        spans: spans.getFinishedSpans().map(spanView),
        metrics: metrics.getMetrics(),
        logs: logs.getFinishedLogRecords().map((record) => ({
          body: record.body,
          attributes: record.attributes,
          severity: record.severityText,
        })),
      };
      return JSON.stringify(seen, (_key, value) => (typeof value === 'bigint' ? String(value) : value));
    },
    pointsOf: (name) =>
      metrics
        .getMetrics()
        .flatMap((resource) => resource.scopeMetrics.flatMap((scope) => scope.metrics))
        .filter((metric) => metric.descriptor.name === name)
        .flatMap((metric) => metric.dataPoints.map((point) => point.attributes)),
  };
}

function spanView(span: ReadableSpan) {
  return {
    name: span.name,
    attributes: span.attributes,
    events: span.events,
    status: span.status,
    links: span.links,
    resource: span.resource.attributes,
  };
}

/** The spans of one trace. */
export function spansOfTrace(spans: InMemorySpanExporter, traceId: string): ReadableSpan[] {
  return spans.getFinishedSpans().filter((span) => span.spanContext().traceId === traceId);
}

/** Whether `span` descends from `ancestor` through the finished spans' parent links. */
export function descendsFrom(spans: ReadableSpan[], span: ReadableSpan, ancestor: ReadableSpan): boolean {
  const byId = new Map(spans.map((each) => [each.spanContext().spanId, each]));
  let parentId = span.parentSpanContext?.spanId;
  while (parentId) {
    if (parentId === ancestor.spanContext().spanId) return true;
    parentId = byId.get(parentId)?.parentSpanContext?.spanId;
  }
  return false;
}
