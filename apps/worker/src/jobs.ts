import { loadEmailConfig } from '@switchboard/core/email/email-config';
import type { JobLogger, JobRunner } from '@switchboard/core/jobs/run-jobs';
import { shutdownTelemetry } from '@switchboard/telemetry/start-telemetry';
import { startWorkerJobs } from './start-worker-jobs.ts';
import { loadWorkerEnv, missingJobSettings, type WorkerEnv } from './worker-env.ts';

// The worker tier's job runner as its own process: `npm start` always starts it (voice or not); in a
// deployment run `node --import tsx apps/worker/src/jobs.ts` beside the API, as many as you like.
const env = loadWorkerEnv(process.env);
const missing = missingJobSettings(env);
if (missing.length > 0) {
  console.error(`The job runner cannot start: set ${missing.join(', ')}`);
  process.exit(1);
}

const logger = createLogger(env.LOG_LEVEL);
const emailConfig = loadEmailConfig(process.env);
let jobs: JobRunner | undefined;

// Listening before anything is announced: a signal that finds no listener ends the process at once.
let stopping = false;
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  logger.info(`${signal} received, stopping the job runner`);
  await jobs?.stop();
  await shutdownTelemetry();
  process.exit(0);
}
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));

try {
  jobs = await startWorkerJobs(env, { emailConfig, logger });
} catch (error) {
  console.error(`The job runner cannot start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
logger.info(`job runner started (email: ${emailConfig.kind})`);

/** Plain lines (npm start prefixes them with [jobs]); errors and warnings on stderr. */
function createLogger(level: WorkerEnv['LOG_LEVEL']): JobLogger {
  const levels = ['trace', 'debug', 'info', 'warn', 'error', 'fatal'] as const;
  const shown = (at: (typeof levels)[number]) => levels.indexOf(at) >= levels.indexOf(level);
  return {
    debug: (message) => {
      if (shown('debug')) console.log(message);
    },
    info: (message) => {
      if (shown('info')) console.log(message);
    },
    warn: (message) => {
      if (shown('warn')) console.error(`warning: ${message}`);
    },
    error: (message) => {
      if (shown('error')) console.error(`error: ${message}`);
    },
  };
}
