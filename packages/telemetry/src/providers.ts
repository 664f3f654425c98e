import { DiagConsoleLogger, diag, metrics } from '@opentelemetry/api';
import { logs } from '@opentelemetry/api-logs';
import { diagLogLevelFromString } from '@opentelemetry/core';
import { type Instrumentation, registerInstrumentations } from '@opentelemetry/instrumentation';
import {
  defaultResource,
  detectResources,
  envDetector,
  hostDetector,
  processDetector,
  resourceFromAttributes,
} from '@opentelemetry/resources';
import { LoggerProvider, type LogRecordProcessor } from '@opentelemetry/sdk-logs';
import { MeterProvider, type MetricReader } from '@opentelemetry/sdk-metrics';
import type { SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { ATTR_SERVICE_NAME } from '@opentelemetry/semantic-conventions';

export interface ProvidersOptions {
  /** service.name, when the environment does not name the service (the env detector reads it there). */
  serviceName: string | undefined;
  /** OTEL_LOG_LEVEL: the SDK's own diagnostics on the console (failed exports, say); none when unset. */
  logLevel: string | undefined;
  spanProcessors: SpanProcessor[];
  metricReaders: MetricReader[];
  /** None: no logger provider at all (pino's lines stay on stdout). */
  logRecordProcessors: LogRecordProcessor[];
  instrumentations: Instrumentation[];
}

export interface Providers {
  forceFlush(): Promise<void>;
  shutdown(): Promise<void>;
}

/**
 * The SDK's tracer, meter and logger providers, registered as the process's own (with W3C trace context and
 * baggage, and AsyncLocalStorage for the active context): what `NodeSDK` did here, without
 * `@opentelemetry/sdk-node`, which requires every exporter, propagator and detector it could configure (gRPC,
 * Zipkin, Prometheus, B3, Jaeger): 22 MB more live heap in every process with telemetry on, and 0.7 s more
 * start-up (docs/performance.md "2026-12-03 15:00"). The standard variables still apply, read where the SDK
 * reads them: the tracer provider reads `OTEL_TRACES_SAMPLER*` and the span limits, the batch processor
 * `OTEL_BSP_*`, the exporters their endpoints and headers, the env detector `OTEL_SERVICE_NAME` and
 * `OTEL_RESOURCE_ATTRIBUTES`; `OTEL_LOG_LEVEL` comes from the caller's environment.
 */
export function registerProviders(options: ProvidersOptions): Providers {
  const logLevel = options.logLevel?.trim();
  if (logLevel) diag.setLogger(new DiagConsoleLogger(), { logLevel: diagLogLevelFromString(logLevel) });
  let resource = defaultResource().merge(
    detectResources({ detectors: [envDetector, processDetector, hostDetector] }),
  );
  if (options.serviceName !== undefined) {
    resource = resource.merge(resourceFromAttributes({ [ATTR_SERVICE_NAME]: options.serviceName }));
  }
  const tracerProvider = new NodeTracerProvider({ resource, spanProcessors: options.spanProcessors });
  tracerProvider.register();
  const meterProvider = new MeterProvider({ resource, readers: options.metricReaders });
  metrics.setGlobalMeterProvider(meterProvider);
  const loggerProvider =
    options.logRecordProcessors.length > 0
      ? new LoggerProvider({ resource, processors: options.logRecordProcessors })
      : undefined;
  if (loggerProvider) logs.setGlobalLoggerProvider(loggerProvider);
  registerInstrumentations({ instrumentations: options.instrumentations });
  const providers = [tracerProvider, meterProvider, ...(loggerProvider ? [loggerProvider] : [])];
  return {
    forceFlush: async () => {
      await Promise.all(providers.map((provider) => provider.forceFlush()));
    },
    shutdown: async () => {
      await Promise.all(providers.map((provider) => provider.shutdown()));
    },
  };
}
