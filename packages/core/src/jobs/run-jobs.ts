import { Logger, run, type TaskList } from 'graphile-worker';

export interface JobLogger {
  error(message: string): void;
  warn(message: string): void;
  info(message: string): void;
  debug(message: string): void;
}

export interface JobRunner {
  stop(): Promise<void>;
}

/**
 * Runs background jobs (graphile-worker) as the worker role. Its schema is installed by the migrations, so
 * the runner only checks that it is current.
 */
export async function startJobRunner(options: {
  workerDatabaseUrl: string;
  tasks: TaskList;
  logger: JobLogger;
  concurrency?: number;
  pollIntervalMs?: number;
}): Promise<JobRunner> {
  const { logger } = options;
  const runner = await run({
    connectionString: options.workerDatabaseUrl,
    taskList: options.tasks,
    concurrency: options.concurrency ?? 4,
    pollInterval: options.pollIntervalMs ?? 2_000,
    noHandleSignals: true,
    logger: new Logger(() => (level, message) => {
      if (level === 'error') logger.error(message);
      else if (level === 'warning') logger.warn(message);
      else if (level === 'info') logger.debug(message);
      else logger.debug(message);
    }),
  });
  return { stop: () => runner.stop() };
}
