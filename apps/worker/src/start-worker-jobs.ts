import { createStripeClient } from '@switchboard/core/billing/stripe/stripe-client';
import { RUN_CHAT_TURN_TASK } from '@switchboard/core/chats/queue-chat-turn';
import type { EmailConfig } from '@switchboard/core/email/email-config';
import type { EmailTransport } from '@switchboard/core/email/transports/email-transport';
import { type JobLogger, type JobRunner, startJobRunner } from '@switchboard/core/jobs/run-jobs';
import { CRONTAB, createTaskList } from '@switchboard/core/jobs/task-list';
import { resealToolSecrets } from '@switchboard/core/secrets/reseal-tool-secrets';
import { GENERATE_VOICE_PREVIEW_TASK } from '@switchboard/core/voice-previews/request-voice-preview';
import { resealWebhookSecrets } from '@switchboard/core/webhooks/reseal-webhook-secrets';
import { createDatabase, createSystemDatabase, databaseTimeoutsOf } from '@switchboard/db/database';
import { createEgressGuard } from '@switchboard/tools/egress/egress-guard';
import type { GoogleEndpoints } from '@switchboard/tools/kinds/google-calendar/google-connection';
import { runChatTurn } from './chat/run-chat-turn.ts';
import { phoneRuntimeOf } from './livekit/phone-runtime-of.ts';
import { liveKitRoomDirectory } from './livekit/room-directory.ts';
import { generateVoicePreview } from './voice-preview/generate-voice-preview.ts';
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
      const webhooks = await resealWebhookSecrets({ systemDb, workerDb }, secretBox);
      logger.info(`secrets: re-sealed ${webhooks.resealed} of ${webhooks.checked} webhook signing secrets`);
      for (const endpointId of webhooks.unopenable) {
        logger.warn(`secrets: the signing secret of webhook endpoint ${endpointId} does not open; rotate it`);
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
      tasks: {
        // Chats run LiveKit's text session, which lives in this app, not in packages/core's task list.
        [RUN_CHAT_TURN_TASK]: (payload) =>
          runChatTurn(
            {
              workerDb,
              secretBox,
              google,
              egress,
              logger,
              isMetering: env.BILLING_METERING === 'on',
              keys: {
                GOOGLE_API_KEY: env.GOOGLE_API_KEY,
                OPENAI_API_KEY: env.OPENAI_API_KEY,
                OPENAI_BASE_URL: env.OPENAI_BASE_URL,
                CHAT_OPENAI_MODEL: env.CHAT_OPENAI_MODEL,
                CHAT_GEMINI_MODEL: env.CHAT_GEMINI_MODEL,
              },
            },
            payload,
          ),
        // Voice previews speak through the model keys, which only this tier holds.
        [GENERATE_VOICE_PREVIEW_TASK]: (payload) =>
          generateVoicePreview(
            {
              workerDb,
              logger,
              keys: {
                GOOGLE_API_KEY: env.GOOGLE_API_KEY,
                OPENAI_API_KEY: env.OPENAI_API_KEY,
                OPENAI_BASE_URL: env.OPENAI_BASE_URL,
                VOICE_PREVIEW_GEMINI_BASE_URL: env.VOICE_PREVIEW_GEMINI_BASE_URL,
                VOICE_PREVIEW_OPENAI_BASE_URL: env.VOICE_PREVIEW_OPENAI_BASE_URL,
              },
            },
            payload,
          ),
        ...createTaskList({
          workerDb,
          systemDb,
          rooms: livekit && liveKitRoomDirectory(livekit),
          isMetering: env.BILLING_METERING === 'on',
          stripe: env.STRIPE_SECRET_KEY
            ? createStripeClient(env.STRIPE_SECRET_KEY, env.STRIPE_API_BASE)
            : undefined,
          publicUrl: env.PUBLIC_URL,
          emailConfig: options.emailConfig,
          logger,
          runtime: { secretBox, google, egress },
          analysisKeys: {
            GOOGLE_API_KEY: env.GOOGLE_API_KEY,
            OPENAI_API_KEY: env.OPENAI_API_KEY,
            OPENAI_BASE_URL: env.OPENAI_BASE_URL,
            ANALYSIS_BASE_URL: env.ANALYSIS_BASE_URL,
            ANALYSIS_MODEL: env.ANALYSIS_MODEL,
            ANALYSIS_API_KEY: env.ANALYSIS_API_KEY,
          },
          phone: phoneRuntimeOf(env, livekit),
          ...(options.emailTransport && { emailTransport: options.emailTransport }),
        }),
      },
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
