import { SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { instruments, observeBatch } from './metrics.ts';
import { contextOf } from './trace-context.ts';

/**
 * Runs one job in the trace of the request that queued it (the payload's traceContext, see enqueueJob), as a
 * consumer span named after its task, counting runs and failures by task.
 */
export async function traceJob<T>(task: string, payload: unknown, run: () => Promise<T>): Promise<T> {
  const carried =
    payload && typeof payload === 'object' ? (payload as { traceContext?: unknown }).traceContext : undefined;
  const tracer = trace.getTracer('switchboard.jobs');
  const startedAt = performance.now();
  return tracer.startActiveSpan(
    `job ${task}`,
    {
      kind: SpanKind.CONSUMER,
      attributes: { 'messaging.system': 'graphile_worker', 'switchboard.job.task': task },
    },
    contextOf(carried),
    async (span) => {
      let outcome = 'succeeded';
      try {
        return await run();
      } catch (error) {
        outcome = 'failed';
        span.setStatus({
          code: SpanStatusCode.ERROR,
          message: error instanceof Error ? error.name : 'Error',
        });
        throw error;
      } finally {
        const attributes = { task, outcome };
        instruments.jobRuns().add(1, attributes);
        instruments.jobDuration().record((performance.now() - startedAt) / 1000, attributes);
        span.end();
      }
    },
  );
}

/**
 * Queue depth by task (jobs waiting to run, and jobs that used all their attempts), read at each collection;
 * every known task is reported, 0 when none of its jobs is in the queue.
 */
export function observeJobQueue(
  tasks: readonly string[],
  count: () => Promise<{ task: string; waiting: number; failed: number }[]>,
): void {
  observeBatch(
    {
      'switchboard.job.queue.waiting': { description: 'Jobs due and not yet taken, by task' },
      'switchboard.job.queue.failed': { description: 'Jobs that used all their attempts, by task' },
    },
    async (observe) => {
      const rows = await count().catch(() => undefined);
      // The database is away: no reading rather than zeros that look like an empty queue.
      if (!rows) return;
      const byTask = new Map(rows.map((row) => [row.task, row]));
      for (const task of new Set([...tasks, ...byTask.keys()])) {
        observe('switchboard.job.queue.waiting', byTask.get(task)?.waiting ?? 0, { task });
        observe('switchboard.job.queue.failed', byTask.get(task)?.failed ?? 0, { task });
      }
    },
  );
}
