import type { Database, SystemDatabase } from '@switchboard/db/database';
import type { CronItem, TaskList } from 'graphile-worker';
import { type RoomDirectory, SWEEP_STALE_CALLS_TASK, sweepStaleCalls } from '../calls/sweep-stale-calls.ts';
import { deliverEmail } from '../email/deliver-email.ts';
import type { EmailConfig } from '../email/email-config.ts';
import { SEND_EMAIL_TASK } from '../email/enqueue-email.ts';
import { createEmailTransport } from '../email/transports/create-email-transport.ts';
import type { EmailTransport } from '../email/transports/email-transport.ts';
import { revokeGoogleTokens } from '../runtime/revoke-google-tokens.ts';
import { runToolTest } from '../runtime/run-tool-test.ts';
import type { RuntimeDeps } from '../runtime/runtime-deps.ts';
import { REVOKE_GOOGLE_TOKENS_TASK } from '../tools/google/disconnect-google.ts';
import { RUN_TOOL_TEST_TASK } from '../tools/request-tool-test-run.ts';

export interface TaskDeps {
  workerDb: Database;
  /** The system door, for the stale-call sweeper (it works across tenants); without it, no sweeper. */
  systemDb?: SystemDatabase;
  /** LiveKit's room list, when LiveKit is configured: the sweeper closes a call only once its room is gone. */
  rooms?: RoomDirectory | undefined;
  /** BILLING_METERING is on: the sweeper debits what a lost call's worker did not. */
  isMetering?: boolean;
  /** How the worker tier opens tool secrets and reaches Google, for test runs. */
  runtime: Omit<RuntimeDeps, 'workerDb' | 'logger'>;
  emailConfig: EmailConfig;
  logger: { info(message: string): void; warn(message: string): void };
  /** Replaces the configured transport (tests pointing at a failing provider, say). */
  emailTransport?: EmailTransport;
}

/** Every background task of the platform, by name. */
export function createTaskList(deps: TaskDeps): TaskList {
  const transport = deps.emailTransport ?? createEmailTransport(deps.emailConfig, deps);
  const runtime: RuntimeDeps = { ...deps.runtime, workerDb: deps.workerDb, logger: deps.logger };
  const { systemDb } = deps;
  return {
    [SEND_EMAIL_TASK]: (payload, helpers) =>
      deliverEmail({ workerDb: deps.workerDb, transport, from: deps.emailConfig.from }, payload, {
        isLast: helpers.job.attempts >= helpers.job.max_attempts,
      }),
    [RUN_TOOL_TEST_TASK]: (payload) => runToolTest(runtime, payload),
    [REVOKE_GOOGLE_TOKENS_TASK]: (payload) => revokeGoogleTokens(runtime, payload),
    ...(systemDb && {
      [SWEEP_STALE_CALLS_TASK]: async () => {
        await sweepStaleCalls({
          systemDb,
          rooms: deps.rooms,
          billing: deps.isMetering ? { workerDb: deps.workerDb } : undefined,
          logger: deps.logger,
        });
      },
    }),
  };
}

/**
 * The tasks that run on a schedule. The sweeper runs every minute, in one queue (never two sweeps at once)
 * and once per minute: a failed sweep is not retried, the next minute's is the retry.
 */
export const CRONTAB: CronItem[] = [
  {
    task: SWEEP_STALE_CALLS_TASK,
    match: '* * * * *',
    identifier: SWEEP_STALE_CALLS_TASK,
    options: {
      backfillPeriod: 0,
      maxAttempts: 1,
      queueName: SWEEP_STALE_CALLS_TASK,
      jobKey: SWEEP_STALE_CALLS_TASK,
    },
  },
];
