import { createAuth } from '@switchboard/core/auth/create-auth';
import { createStripeClient } from '@switchboard/core/billing/stripe/stripe-client';
import { loadEmailConfig } from '@switchboard/core/email/email-config';
import { createSecretSealer } from '@switchboard/core/secrets/secret-box';
import { GOOGLE_CALLBACK_PATH } from '@switchboard/core/tools/google/google-settings';
import { modelSettingsOf } from '@switchboard/core/voice/missing-model-setting';
import { missingVoiceSettings } from '@switchboard/core/voice/missing-voice-settings';
import {
  createAuthDialect,
  createDatabase,
  createSystemDatabase,
  databaseTimeoutsOf,
} from '@switchboard/db/database';
import { shutdownTelemetry } from '@switchboard/telemetry/start-telemetry';
import { buildApp } from './app.ts';
import { loadApiEnv } from './config.ts';
import { createLogger } from './logger.ts';

const env = loadApiEnv(process.env);
const logger = createLogger(env.LOG_LEVEL);
const emailConfig = loadEmailConfig(process.env);
// Every pool: bounded waits, and a lost connection logged (never thrown) and reopened on the next use.
const pools = {
  timeouts: databaseTimeoutsOf(env),
  logger: { warn: (message: string) => logger.warn(message) },
};
const db = createDatabase({
  url: env.DATABASE_APP_URL,
  applicationName: 'api',
  maxConnections: env.DATABASE_POOL_SIZE,
  ...pools,
});
const systemDb = createSystemDatabase({
  url: env.DATABASE_SYSTEM_URL,
  applicationName: 'api-system',
  ...pools,
});
const google =
  env.GOOGLE_CLIENT_ID && env.GOOGLE_CLIENT_SECRET
    ? { clientId: env.GOOGLE_CLIENT_ID, clientSecret: env.GOOGLE_CLIENT_SECRET }
    : undefined;
const auth = createAuth({
  config: {
    baseURL: env.PUBLIC_URL,
    secret: env.BETTER_AUTH_SECRET,
    google,
    sessionCacheSeconds: env.AUTH_SESSION_CACHE_SECONDS,
    signInPerMinute: env.RATE_LIMIT_SIGN_IN_PER_MINUTE,
  },
  systemDb,
  dialect: createAuthDialect(env.DATABASE_AUTH_URL, pools),
});
const missingVoice = missingVoiceSettings(env);

const app = await buildApp({
  db,
  systemDb,
  auth,
  secretSealer: createSecretSealer(env.SWITCHBOARD_SECRETS_PUBLIC_KEY),
  livekit:
    missingVoice.length === 0 && env.LIVEKIT_URL && env.LIVEKIT_API_KEY && env.LIVEKIT_API_SECRET
      ? {
          url: env.LIVEKIT_URL,
          apiKey: env.LIVEKIT_API_KEY,
          apiSecret: env.LIVEKIT_API_SECRET,
          agentName: env.LIVEKIT_AGENT_NAME,
        }
      : undefined,
  modelSettings: modelSettingsOf(env),
  phone: { sipUri: env.LIVEKIT_SIP_URI, installationAccountSid: env.TWILIO_ACCOUNT_SID },
  stripe:
    env.STRIPE_SECRET_KEY && env.STRIPE_WEBHOOK_SECRET
      ? {
          client: createStripeClient(env.STRIPE_SECRET_KEY, env.STRIPE_API_BASE),
          webhookSecret: env.STRIPE_WEBHOOK_SECRET,
          publicUrl: env.PUBLIC_URL,
        }
      : undefined,
  trialMillicredits: Math.round(env.BILLING_TRIAL_CREDITS * 1000),
  google: google && {
    ...google,
    redirectUri: `${env.PUBLIC_URL.replace(/\/$/, '')}${GOOGLE_CALLBACK_PATH}`,
    stateSecret: env.BETTER_AUTH_SECRET,
  },
  logger,
  trustedProxies: env.TRUSTED_PROXIES,
  bodyLimitBytes: env.BODY_LIMIT_BYTES,
  egressAllow: env.EGRESS_ALLOW,
  rateLimits: {
    userPerMinute: env.RATE_LIMIT_USER_PER_MINUTE,
    apiKeyPerMinute: env.RATE_LIMIT_API_KEY_PER_MINUTE,
    anonymousPerMinute: env.RATE_LIMIT_ANONYMOUS_PER_MINUTE,
    organizationPerMinute: env.RATE_LIMIT_ORGANIZATION_PER_MINUTE,
    openApiImportPerMinute: env.RATE_LIMIT_OPENAPI_IMPORT_PER_MINUTE,
  },
  publicUrl: env.PUBLIC_URL,
  publicConfig: {
    googleSignIn: google !== undefined,
    mailbox: emailConfig.kind === 'mailbox',
    emailTransport: emailConfig.kind,
    billingMode: env.STRIPE_SECRET_KEY ? 'stripe' : 'manual',
    billingMetering: env.BILLING_METERING === 'on',
    voice: { configured: missingVoice.length === 0, missing: missingVoice },
  },
});

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
  await Promise.all([db.destroy(), systemDb.destroy()]);
  await shutdownTelemetry();
  process.exit(0);
}
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));
