import { createAuth } from '@switchboard/core/auth/create-auth';
import { loadEmailConfig } from '@switchboard/core/email/email-config';
import { startJobRunner } from '@switchboard/core/jobs/run-jobs';
import { createTaskList } from '@switchboard/core/jobs/task-list';
import { secretBoxFromEnv } from '@switchboard/core/secrets/secret-box';
import { GOOGLE_CALLBACK_PATH } from '@switchboard/core/tools/google/google-settings';
import { missingVoiceSettings } from '@switchboard/core/voice/missing-voice-settings';
import { createAuthDialect, createDatabase } from '@switchboard/db/database';
import { buildApp } from './app.ts';
import { loadApiEnv } from './config.ts';
import { createLogger } from './logger.ts';

const env = loadApiEnv(process.env);
const logger = createLogger(env.LOG_LEVEL);
const emailConfig = loadEmailConfig(process.env);
const db = createDatabase({ url: env.DATABASE_APP_URL, applicationName: 'api' });
const workerDb = createDatabase({ url: env.DATABASE_WORKER_URL, applicationName: 'jobs', maxConnections: 4 });
const google =
  env.GOOGLE_CLIENT_ID && env.GOOGLE_CLIENT_SECRET
    ? { clientId: env.GOOGLE_CLIENT_ID, clientSecret: env.GOOGLE_CLIENT_SECRET }
    : undefined;
const auth = createAuth({
  config: { baseURL: env.PUBLIC_URL, secret: env.BETTER_AUTH_SECRET, google },
  db,
  dialect: createAuthDialect(env.DATABASE_APP_URL),
});
const missingVoice = missingVoiceSettings(env);

const secretBox = secretBoxFromEnv(process.env);
const app = await buildApp({
  db,
  auth,
  secretBox,
  livekit:
    missingVoice.length === 0 && env.LIVEKIT_URL && env.LIVEKIT_API_KEY && env.LIVEKIT_API_SECRET
      ? {
          url: env.LIVEKIT_URL,
          apiKey: env.LIVEKIT_API_KEY,
          apiSecret: env.LIVEKIT_API_SECRET,
          agentName: env.LIVEKIT_AGENT_NAME,
        }
      : undefined,
  google: google && { ...google, redirectUri: `${env.PUBLIC_URL.replace(/\/$/, '')}${GOOGLE_CALLBACK_PATH}` },
  logger,
  trustedProxies: env.TRUSTED_PROXIES.split(',').map((entry) => entry.trim()),
  bodyLimitBytes: env.BODY_LIMIT_BYTES,
  publicUrl: env.PUBLIC_URL,
  publicConfig: {
    googleSignIn: google !== undefined,
    mailbox: emailConfig.kind === 'mailbox',
    emailTransport: emailConfig.kind,
    billingMode: env.STRIPE_SECRET_KEY ? 'stripe' : 'manual',
    voice: { configured: missingVoice.length === 0, missing: missingVoice },
  },
});

const jobs = env.RUN_JOBS
  ? await startJobRunner({
      workerDatabaseUrl: env.DATABASE_WORKER_URL,
      tasks: createTaskList({ workerDb, emailConfig, logger, runtime: { secretBox, google } }),
      logger,
    })
  : undefined;

if (missingVoice.length > 0) {
  logger.info(`Voice is not configured: set ${missingVoice.join(', ')} to enable calls.`);
}
logger.info(`Email transport: ${emailConfig.kind}`);

await app.listen({ port: env.API_PORT, host: env.API_HOST });

let stopping = false;
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  logger.info(`${signal} received, shutting down`);
  await app.close();
  await jobs?.stop();
  await Promise.all([db.destroy(), workerDb.destroy()]);
  process.exit(0);
}
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));
