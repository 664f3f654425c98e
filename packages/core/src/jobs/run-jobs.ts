import { setTimeout as sleep } from 'node:timers/promises';
import { createPool, type DatabaseTimeouts } from '@switchboard/db/database';
import { isDatabaseUnavailable } from '@switchboard/db/database-unavailable';
import { observeJobQueue, traceJob } from '@switchboard/telemetry/job-telemetry';
import { type CronItem, Logger, parseCronItems, type Runner, run, type TaskList } from 'graphile-worker';

export interface JobLogger {
  error(message: string): void;
  warn(message: string): void;
  info(message: string): void;
  debug(message: string): void;
}

export interface JobRunner {
  stop(): Promise<void>;
}

/** Jobs due and not taken, and jobs out of attempts, by task: read only when a metric reader collects. */
const QUEUE_DEPTH = `select task_identifier as task,
  (count(*) filter (where locked_at is null and run_at <= now() and attempts < max_attempts))::int as waiting,
  (count(*) filter (where attempts >= max_attempts))::int as failed
  from graphile_worker.jobs group by task_identifier`;

/** Waits between attempts to (re)start the runner while the database is away: 1 s doubling to 30 s. */
const RETRY_FIRST_MS = 1_000;
const RETRY_MAX_MS = 30_000;

/**
 * Runs background jobs (graphile-worker) as the worker role. Its schema is installed by the migrations, so
 * the runner only checks that it is current.
 *
 * The runner outlives the database: while it runs, graphile-worker reconnects its listener and keeps
 * polling through lost connections; when it cannot start (the database is down at boot) or stops on its
 * own (a job it could not release), it is started again with backoff. Only an error that is not about the
 * database's availability (a schema that is not current) fails the start.
 */
export async function startJobRunner(options: {
  workerDatabaseUrl: string;
  tasks: TaskList;
  /** Tasks run on a schedule; graphile-worker schedules each run once, however many runners there are. */
  crontab?: CronItem[];
  logger: JobLogger;
  concurrency?: number;
  pollIntervalMs?: number;
  timeouts?: Partial<DatabaseTimeouts> | undefined;
}): Promise<JobRunner> {
  const { logger } = options;
  const concurrency = options.concurrency ?? 4;
  // Our pool rather than graphile-worker's own: the same timeouts and lost-connection handling as every pool.
  const pool = createPool({
    url: options.workerDatabaseUrl,
    // One more than the jobs for graphile-worker's LISTEN connection.
    maxConnections: concurrency + 1,
    applicationName: 'graphile-worker',
    timeouts: options.timeouts,
    logger,
  });
  // Each job runs in the trace of the request that queued it; its outcome counts in the job metrics.
  const taskList: TaskList = {};
  for (const [name, task] of Object.entries(options.tasks)) {
    if (task)
      taskList[name] = (payload, helpers) => traceJob(name, payload, async () => task(payload, helpers));
  }
  observeJobQueue(Object.keys(taskList), async () => {
    const { rows } = await pool.query<{ task: string; waiting: number; failed: number }>(QUEUE_DEPTH);
    return rows;
  });
  const start = () =>
    run({
      pgPool: pool,
      taskList,
      parsedCronItems: parseCronItems(options.crontab ?? []),
      concurrency,
      pollInterval: options.pollIntervalMs ?? 2_000,
      noHandleSignals: true,
      // Unbatched (the default), graphile-worker does not await a job's completion or failure: a connection
      // lost at that moment (PostgreSQL restarting) is an unhandled rejection, which ends the process.
      // Batched, the loss stops the runner through its error handler, and the loop below starts it again;
      // the job stays locked and runs once more after its lock expires.
      preset: { worker: { completeJobBatchDelay: 0, failJobBatchDelay: 0 } },
      logger: new Logger(() => (level, message) => {
        if (level === 'error') logger.error(message);
        else if (level === 'warning') logger.warn(message);
        else logger.debug(message);
      }),
    });

  const stopping = new AbortController();
  let runner: Runner | undefined;

  /** Keeps a runner going until stop(). `settle` reports the first attempt; true if this call was it. */
  const supervise = async (settle: (error?: unknown) => boolean) => {
    let failures = 0;
    while (!stopping.signal.aborted) {
      try {
        runner = await start();
        failures = 0;
        settle();
        // stop() came while it was starting: it found no runner to stop.
        if (stopping.signal.aborted) await runner.stop();
        await runner.promise;
        if (!stopping.signal.aborted) logger.warn('jobs: the runner stopped on its own; starting it again');
      } catch (error) {
        if (stopping.signal.aborted) return;
        if (!isDatabaseUnavailable(error) && settle(error)) return;
        settle();
        failures += 1;
        const wait = Math.min(RETRY_MAX_MS, RETRY_FIRST_MS * 2 ** (failures - 1));
        logger.warn(
          `jobs: ${error instanceof Error ? error.message : String(error)}; trying again in ${wait} ms`,
        );
        await sleep(wait, undefined, { signal: stopping.signal }).catch(() => {});
      } finally {
        runner = undefined;
      }
    }
  };

  let loop: Promise<void> = Promise.resolve();
  const started = new Promise<void>((resolve, reject) => {
    let isSettled = false;
    loop = supervise((error) => {
      if (isSettled) return false;
      isSettled = true;
      if (error === undefined) resolve();
      else reject(error);
      return true;
    });
  });
  try {
    await started;
  } catch (error) {
    await pool.end();
    throw error;
  }
  return {
    stop: async () => {
      stopping.abort();
      await runner?.stop();
      await loop;
      await pool.end();
    },
  };
}
