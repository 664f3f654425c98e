import { type Attributes, type BatchObservableCallback, metrics, type Observable } from '@opentelemetry/api';

/**
 * Every instrument of the platform's own metrics, created on first use from the global meter (the no-op one
 * while telemetry is off). Names follow OpenTelemetry's conventions, under `switchboard.`; HTTP client metrics
 * and the dashboard's server metrics come from instrumentation-http, the API's server metric from the API.
 */
const meter = () => metrics.getMeter('switchboard');

function lazy<T>(create: () => T): () => T {
  let instrument: T | undefined;
  return () => {
    instrument ??= create();
    return instrument;
  };
}

export const instruments = {
  /** OpenTelemetry's HTTP server metric with instrumentation-http's name, unit and buckets. */
  httpServerDuration: lazy(() =>
    meter().createHistogram('http.server.request.duration', {
      description: 'Duration of HTTP server requests.',
      unit: 's',
      advice: {
        explicitBucketBoundaries: [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10],
      },
    }),
  ),
  jobRuns: lazy(() =>
    meter().createCounter('switchboard.job.runs', { description: 'Jobs run, by task and outcome' }),
  ),
  jobDuration: lazy(() =>
    meter().createHistogram('switchboard.job.duration', { description: 'Time a job ran', unit: 's' }),
  ),
  activeCalls: lazy(() =>
    meter().createUpDownCounter('switchboard.calls.active', { description: 'Calls running in this worker' }),
  ),
  callDuration: lazy(() =>
    meter().createHistogram('switchboard.call.duration', { description: 'Length of ended calls', unit: 's' }),
  ),
  toolDuration: lazy(() =>
    meter().createHistogram('switchboard.tool.duration', {
      description: 'Time a function call took, by tool kind, function and outcome',
      unit: 's',
    }),
  ),
  toolErrors: lazy(() =>
    meter().createCounter('switchboard.tool.errors', {
      description: 'Function calls that failed, by function',
    }),
  ),
  creditsDebited: lazy(() =>
    meter().createCounter('switchboard.credits.debited', {
      description: 'Credits debited from organizations (usage), in millicredits',
      unit: '{millicredit}',
    }),
  ),
};

/** Registers gauges read only when a metric reader collects (never while telemetry is off). */
export function observeBatch(
  names: Record<string, { description: string; unit?: string }>,
  callback: (observe: (name: string, value: number, attributes?: Attributes) => void) => void | Promise<void>,
): void {
  const observables: Record<string, Observable> = {};
  for (const [name, options] of Object.entries(names))
    observables[name] = meter().createObservableGauge(name, options);
  const batch: BatchObservableCallback = (result) =>
    callback((name, value, attributes) => {
      const observable = observables[name];
      if (observable) result.observe(observable, value, attributes);
    });
  meter().addBatchObservableCallback(batch, Object.values(observables));
}

/** Database pool use: open, idle and waiting clients of one pg pool, by pool name. */
export function observePool(
  name: string,
  pool: { totalCount: number; idleCount: number; waitingCount: number },
): void {
  observeBatch(
    {
      'switchboard.db.pool.connections': { description: 'Open connections of a pool, by state' },
      'switchboard.db.pool.waiting': { description: 'Queries waiting for a free connection' },
    },
    (observe) => {
      observe('switchboard.db.pool.connections', pool.totalCount - pool.idleCount, {
        pool: name,
        state: 'used',
      });
      observe('switchboard.db.pool.connections', pool.idleCount, { pool: name, state: 'idle' });
      observe('switchboard.db.pool.waiting', pool.waitingCount, { pool: name });
    },
  );
}

/** Credits a usage debit took (a positive number of millicredits). */
export function recordCreditsDebited(millicredits: number, attributes: { kind: string }): void {
  if (millicredits > 0) instruments.creditsDebited().add(millicredits, attributes);
}
