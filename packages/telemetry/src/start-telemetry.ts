import { register } from 'node:module';
import { type Context, type TracerProvider, trace } from '@opentelemetry/api';
import type { LogRecordExporter } from '@opentelemetry/sdk-logs';
import type { PushMetricExporter } from '@opentelemetry/sdk-metrics';
import type { ReadableSpan, Span, SpanExporter, SpanProcessor } from '@opentelemetry/sdk-trace-base';

/** Tests: exporters of their own (the SDK's in-memory ones), which turn telemetry on whatever the environment says. */
export interface TelemetryExporters {
  spans: SpanExporter;
  metrics: PushMetricExporter;
  logs: LogRecordExporter;
}

export interface StartTelemetryOptions {
  /** service.name unless OTEL_SERVICE_NAME (or service.name in OTEL_RESOURCE_ATTRIBUTES) says otherwise. */
  serviceName: string;
  env?: NodeJS.ProcessEnv;
  exporters?: TelemetryExporters;
  /**
   * Whether instrumentation-http makes the server spans and metrics of requests this process serves (default
   * true). False for the API, which makes them itself (server-telemetry.ts, registered by
   * apps/api/src/plugins/request-telemetry.ts): instrumentation-http binds every request and response to the
   * context, which cost the API as much CPU as the rest of its telemetry (docs/performance.md "API throughput").
   */
  incomingHttpSpans?: boolean;
}

export interface Telemetry {
  readonly enabled: boolean;
  /** The global provider, for LiveKit Agents' own spans (shareWithLiveKit in call-telemetry.ts). */
  readonly tracerProvider: TracerProvider;
  /** Adds a span processor after the start (LiveKit's metadata and PII filter). */
  registerSpanProcessor(processor: SpanProcessor): void;
  /** Exports everything buffered (tests; a job process before it exits). */
  flush(): Promise<void>;
  shutdown(): Promise<void>;
}

const OFF: Telemetry = {
  enabled: false,
  get tracerProvider() {
    return trace.getTracerProvider();
  },
  registerSpanProcessor: () => {},
  flush: async () => {},
  shutdown: async () => {},
};

/** One SDK per process, however many modules (or copies of this one) ask for it. */
const STATE = Symbol.for('switchboard.telemetry');
type Global = typeof globalThis & { [STATE]?: Promise<Telemetry> };

/**
 * Telemetry is on only when an OTLP endpoint is configured (OTEL_EXPORTER_OTLP_ENDPOINT or a per-signal
 * one) and OTEL_SDK_DISABLED is not true. Off, nothing of the SDK is even loaded: @opentelemetry/api's
 * no-op tracer and meter answer every call site.
 */
export function isTelemetryConfigured(env: NodeJS.ProcessEnv = process.env): boolean {
  if (env.OTEL_SDK_DISABLED?.trim().toLowerCase() === 'true') return false;
  return Boolean(
    env.OTEL_EXPORTER_OTLP_ENDPOINT ||
      env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT ||
      env.OTEL_EXPORTER_OTLP_METRICS_ENDPOINT ||
      env.OTEL_EXPORTER_OTLP_LOGS_ENDPOINT,
  );
}

/** The process's telemetry, started once; later calls (any service name) get the same one. */
export function startTelemetry(options: StartTelemetryOptions): Promise<Telemetry> {
  const global = globalThis as Global;
  global[STATE] ??=
    options.exporters || isTelemetryConfigured(options.env) ? start(options) : Promise.resolve(OFF);
  return global[STATE];
}

/** The process's telemetry if it was started (off otherwise): for shutdown paths and the LiveKit bridge. */
export function currentTelemetry(): Promise<Telemetry> {
  return (globalThis as Global)[STATE] ?? Promise.resolve(OFF);
}

/** Span processors that can be added after the provider is built (SDK 2.x providers take them only then). */
class GrowingSpanProcessor implements SpanProcessor {
  readonly processors: SpanProcessor[] = [];
  onStart(span: Span, parentContext: Context): void {
    for (const processor of this.processors) processor.onStart(span, parentContext);
  }
  onEnding(span: Span): void {
    for (const processor of this.processors) processor.onEnding?.(span);
  }
  onEnd(span: ReadableSpan): void {
    for (const processor of this.processors) processor.onEnd(span);
  }
  async forceFlush(): Promise<void> {
    await Promise.all(this.processors.map((processor) => processor.forceFlush()));
  }
  async shutdown(): Promise<void> {
    await Promise.all(this.processors.map((processor) => processor.shutdown()));
  }
}

async function start({
  serviceName,
  env = process.env,
  exporters,
  incomingHttpSpans = true,
}: StartTelemetryOptions): Promise<Telemetry> {
  // CommonJS modules (fastify and the http it requires) are patched as they are required. What ES
  // modules import by name (node:http in the dashboard's proxy, pino everywhere) is patched only through
  // import-in-the-middle's loader, limited to those modules so that it wraps nothing else.
  register('import-in-the-middle/hook.mjs', import.meta.url, {
    data: { include: ['http', 'https', 'pino'] },
  });
  // Loaded only now: a process with telemetry off never loads (or patches) any of it.
  const [
    { registerProviders },
    { BatchSpanProcessor, SimpleSpanProcessor },
    { PeriodicExportingMetricReader },
    { BatchLogRecordProcessor, SimpleLogRecordProcessor },
    { HttpInstrumentation },
    { UndiciInstrumentation },
    { PinoInstrumentation },
    { RedactingLogProcessor, RedactingSpanProcessor },
  ] = await Promise.all([
    import('./providers.ts'),
    import('@opentelemetry/sdk-trace-base'),
    import('@opentelemetry/sdk-metrics'),
    import('@opentelemetry/sdk-logs'),
    import('@opentelemetry/instrumentation-http'),
    import('@opentelemetry/instrumentation-undici'),
    import('@opentelemetry/instrumentation-pino'),
    import('./redact.ts'),
  ]);
  const sinks = exporters ?? (await otlpExporters(env));
  const growing = new GrowingSpanProcessor();
  const sendLogs = Boolean(exporters) || !exportsNone(env.OTEL_LOGS_EXPORTER);
  const providers = registerProviders({
    // The environment's name wins (the env detector reads OTEL_SERVICE_NAME and OTEL_RESOURCE_ATTRIBUTES).
    serviceName:
      !env.OTEL_SERVICE_NAME && !/(?:^|,)\s*service\.name=/.test(env.OTEL_RESOURCE_ATTRIBUTES ?? '')
        ? serviceName
        : undefined,
    logLevel: env.OTEL_LOG_LEVEL,
    spanProcessors: [
      new RedactingSpanProcessor(),
      growing,
      // Tests read their exporter right after the work: no batching delay there.
      exporters ? new SimpleSpanProcessor(sinks.spans) : new BatchSpanProcessor(sinks.spans),
    ],
    metricReaders: [
      new PeriodicExportingMetricReader({
        exporter: sinks.metrics,
        exportIntervalMillis: Number(env.OTEL_METRIC_EXPORT_INTERVAL) || 60_000,
      }),
    ],
    logRecordProcessors: sendLogs
      ? [
          new RedactingLogProcessor(),
          exporters
            ? new SimpleLogRecordProcessor({ exporter: sinks.logs })
            : new BatchLogRecordProcessor({ exporter: sinks.logs }),
        ]
      : [],
    instrumentations: [
      // Request and response headers are not recorded (no headersToSpanAttributes); URLs' query values
      // are redacted by RedactingSpanProcessor.
      new HttpInstrumentation({ disableIncomingRequestInstrumentation: !incomingHttpSpans }),
      new UndiciInstrumentation(),
      // No instrumentation-pg: our pools make their query spans themselves, only in sampled traces
      // (query-telemetry.ts), where instrumentation-pg wrapped every query of every request.
      // trace_id/span_id on every pino line, and the lines exported as OTel log records unless
      // OTEL_LOGS_EXPORTER=none: a collector then reads them from stdout, ids included.
      new PinoInstrumentation({ disableLogSending: !sendLogs }),
    ],
  });
  const tracerProvider = trace.getTracerProvider();
  let stopped: Promise<void> | undefined;
  return {
    enabled: true,
    tracerProvider,
    registerSpanProcessor: (processor) => growing.processors.push(processor),
    flush: () => providers.forceFlush(),
    shutdown: () => {
      stopped ??= providers.shutdown();
      return stopped;
    },
  };
}

/**
 * OTEL_LOGS_EXPORTER=none (the standard variable) keeps pino's lines out of OTLP. Exporting one costs about
 * 40 µs of CPU before the exporter's own serialization, ten times what pino spends writing it:
 * instrumentation-pino parses each line back from its JSON.
 */
function exportsNone(exporters: string | undefined): boolean {
  return (exporters ?? '').split(',').some((name) => name.trim().toLowerCase() === 'none');
}

/** OTLP exporters for OTEL_EXPORTER_OTLP_PROTOCOL; each reads its endpoint and headers from the environment. */
async function otlpExporters(env: NodeJS.ProcessEnv): Promise<TelemetryExporters> {
  // Empty is unset, as for the SDK's own variables (compose hands every process the variable, maybe empty).
  const protocol = env.OTEL_EXPORTER_OTLP_PROTOCOL?.trim() || 'http/protobuf';
  if (protocol === 'http/json') {
    const [traces, metrics, logs] = await Promise.all([
      import('@opentelemetry/exporter-trace-otlp-http'),
      import('@opentelemetry/exporter-metrics-otlp-http'),
      import('@opentelemetry/exporter-logs-otlp-http'),
    ]);
    return {
      spans: new traces.OTLPTraceExporter(),
      metrics: new metrics.OTLPMetricExporter(),
      logs: new logs.OTLPLogExporter(),
    };
  }
  if (protocol === 'grpc') {
    const [traces, metrics, logs] = await Promise.all([
      import('@opentelemetry/exporter-trace-otlp-grpc'),
      import('@opentelemetry/exporter-metrics-otlp-grpc'),
      import('@opentelemetry/exporter-logs-otlp-grpc'),
    ]);
    return {
      spans: new traces.OTLPTraceExporter(),
      metrics: new metrics.OTLPMetricExporter(),
      logs: new logs.OTLPLogExporter(),
    };
  }
  const [traces, metrics, logs] = await Promise.all([
    import('@opentelemetry/exporter-trace-otlp-proto'),
    import('@opentelemetry/exporter-metrics-otlp-proto'),
    import('@opentelemetry/exporter-logs-otlp-proto'),
  ]);
  return {
    spans: new traces.OTLPTraceExporter(),
    metrics: new metrics.OTLPMetricExporter(),
    logs: new logs.OTLPLogExporter(),
  };
}

/** Exports what is buffered, if telemetry is on: before a process (a LiveKit job) exits on its own. */
export async function flushTelemetry(): Promise<void> {
  await (await currentTelemetry()).flush();
}

/** Exports what is buffered and stops the SDK, if telemetry is on: the last step of a graceful shutdown. */
export async function shutdownTelemetry(): Promise<void> {
  await (await currentTelemetry()).shutdown();
}
