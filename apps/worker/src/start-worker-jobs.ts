import type { EmailConfig } from '@switchboard/core/email/email-config';
import type { EmailTransport } from '@switchboard/core/email/transports/email-transport';
import { type JobLogger, type JobRunner, startJobRunner } from '@switchboard/core/jobs/run-jobs';
import { CRONTAB, createTaskList } from '@switchboard/core/jobs/task-list';
import { resealToolSecrets } from '@switchboard/core/secrets/reseal-tool-secrets';
import { createDatabase, createSystemDatabase, databaseTimeoutsOf } from '@switchboard/db/database';
import { createEgressGuard } from '@switchboard/tools/egress/egress-guard';
import type { GoogleEndpoints } from '@switchboard/tools/kinds/google-calendar/google-connection';
import { liveKitRoomDirectory } from './livekit/room-directory.ts';
import { hasOlderSecretKeys, missingJobSettings, type WorkerEnv, workerSecretBox } from './worker-env.ts';

export interface WorkerJobsOptions {
  emailConfig: EmailConfig;
  logger: JobLogger;
  /** Tests: Google at a local fake, another email transport, a shorter poll. */
  googleEndpoints?: GoogleEndpoints;
  emailTransport?: EmailTransport;
  pollIntervalMs?: number;
}

/**
 * The worker tier's job runner (email delivery, tool test runs, Google revocation, the stale-call sweeper
 * every minute, asking LiveKit's room list when LiveKit is configured), as its own process
 * runs it (jobs.ts) and as tests run it. When older keys are configured it first re-seals what is still
 * sealed for them: after a key-pair rotation, and on the first start after the upgrade from the former
 * AES format, which is how existing installations migrate.
 */
export async function startWorkerJobs(env: WorkerEnv, options: WorkerJobsOptions): Promise<JobRunner> {
  const missing = missingJobSettings(env);
  if (missing.length > 0) throw new Error(`The job runner cannot start: set ${missing.join(', ')}`);
  const { logger } = options;
  const secretBox = workerSecretBox(env);
  const workerUrl = env.DATABASE_WORKER_URL ?? '';
  const pools = { timeouts: databaseTimeoutsOf(env), logger };
  const workerDb = createDatabase({ url: workerUrl, applicationName: 'jobs', maxConnections: 4, ...pools });
  const systemDb = createSystemDatabase({
    url: env.DATABASE_SYSTEM_URL ?? '',
    applicationName: 'jobs-system',
    maxConnections: 1,
    ...pools,
  });
  try {
    if (hasOlderSecretKeys(env)) {
      const result = await resealToolSecrets({ systemDb, workerDb }, secretBox);
      logger.info(
        `secrets: re-sealed ${result.resealed} of ${result.checked} for key pair ${secretBox.keyId}; the older keys can be removed once nothing is left to re-seal`,
      );
      for (const { toolId, name } of result.unopenable) {
        logger.warn(`secrets: ${name} of tool ${toolId} does not open with any configured key; set it again`);
      }
    }
    const google =
      env.GOOGLE_CLIENT_ID && env.GOOGLE_CLIENT_SECRET
        ? {
            clientId: env.GOOGLE_CLIENT_ID,
            clientSecret: env.GOOGLE_CLIENT_SECRET,
            ...(options.googleEndpoints && { endpoints: options.googleEndpoints }),
          }
        : undefined;
    // Tool test runs call the tenant's URLs: through the egress guard, like a call does.
    const egress = createEgressGuard({ allow: env.EGRESS_ALLOW });
    const livekit =
      env.LIVEKIT_URL && env.LIVEKIT_API_KEY && env.LIVEKIT_API_SECRET
        ? { url: env.LIVEKIT_URL, apiKey: env.LIVEKIT_API_KEY, apiSecret: env.LIVEKIT_API_SECRET }
        : undefined;
    const runner = await startJobRunner({
      workerDatabaseUrl: workerUrl,
      tasks: createTaskList({
        workerDb,
        systemDb,
        rooms: livekit && liveKitRoomDirectory(livekit),
        isMetering: env.BILLING_METERING === 'on',
        emailConfig: options.emailConfig,
        logger,
        runtime: { secretBox, google, egress },
        ...(options.emailTransport && { emailTransport: options.emailTransport }),
      }),
      crontab: CRONTAB,
      logger,
      timeouts: pools.timeouts,
      ...(options.pollIntervalMs && { pollIntervalMs: options.pollIntervalMs }),
    });
    return {
      stop: async () => {
        await runner.stop();
        await Promise.all([workerDb.destroy(), systemDb.destroy(), egress.close()]);
      },
    };
  } catch (error) {
    await Promise.all([workerDb.destroy(), systemDb.destroy()]);
    throw error;
  }
}
