import { randomBytes, randomUUID } from 'node:crypto';
import type { PublicConfig } from '@switchboard/contracts/config';
import { createAuth, DEFAULT_SESSION_CACHE_SECONDS } from '@switchboard/core/auth/create-auth';
import { createStripeClient } from '@switchboard/core/billing/stripe/stripe-client';
import type { JobLogger, JobRunner } from '@switchboard/core/jobs/run-jobs';
import {
  createSecretBox,
  createSecretSealer,
  generateSecretsKeyPair,
  type SecretBox,
} from '@switchboard/core/secrets/secret-box';
import type { GoogleSettings } from '@switchboard/core/tools/google/google-settings';
import type { ModelSettings } from '@switchboard/core/voice/missing-model-setting';
import { createAuthDialect, type DatabaseTimeouts } from '@switchboard/db/database';
import { createTestDatabase, type TestDatabase } from '@switchboard/db/testing';
import type { FastifyBaseLogger, InjectOptions, LightMyRequestResponse } from 'fastify';
import { startWorkerJobs } from '../../worker/src/start-worker-jobs.ts';
import { loadWorkerEnv } from '../../worker/src/worker-env.ts';
import { type App, buildApp } from '../src/app.ts';
import type { LiveKitSettings } from '../src/livekit/livekit-settings.ts';
import { createLogger } from '../src/logger.ts';
import type { RateLimitSettings } from '../src/plugins/rate-limits.ts';

export const PUBLIC_URL = 'http://localhost:3000';

export const TEST_PUBLIC_CONFIG: PublicConfig = {
  googleSignIn: false,
  mailbox: true,
  emailTransport: 'mailbox',
  billingMode: 'manual',
  billingMetering: true,
  voice: { configured: false, missing: ['LIVEKIT_URL'] },
};

export interface TestApp {
  app: App;
  database: TestDatabase;
  /** The key pair: the app got only the public key (a sealer); the worker tier gets the private key. */
  secretsKeyPair: { publicKey: string; privateKey: string };
  /** The worker tier's box, for tests that check what was stored; the API under test cannot open. */
  workerSecretBox: SecretBox;
  google: GoogleSettings | undefined;
  close: () => Promise<void>;
}

/** Every secret a test configures starts with this, so any response that leaks one can be caught. */
export const SECRET_MARKER = 'sb-test-secret-';
export const testSecret = () => `${SECRET_MARKER}${randomBytes(9).toString('base64url')}`;

/** Google settings that build consent URLs; nothing answers at these endpoints. */
export const TEST_GOOGLE: Omit<GoogleSettings, 'stateSecret'> = {
  clientId: 'test-client.apps.googleusercontent.com',
  clientSecret: 'test-client-secret',
  redirectUri: `${PUBLIC_URL}/api/v1/oauth/google/callback`,
};

/** A LiveKit project that only signs tokens and webhooks here; no server answers at its URL. */
export const TEST_LIVEKIT: LiveKitSettings = {
  url: 'wss://switchboard-test.livekit.example',
  apiKey: 'APItestkey',
  apiSecret: 'test-livekit-secret-that-is-long-enough-0123',
  agentName: 'switchboard',
};

/** Every model provider configured, so calls are refused only where a test takes a key away. */
export const TEST_MODEL_SETTINGS: ModelSettings = {
  GOOGLE_API_KEY: true,
  OPENAI_API_KEY: true,
  OPENAI_BASE_URL: true,
};

/** Suites make hundreds of requests as one user: only a test that asks for small limits meets them. */
const GENEROUS_RATE_LIMITS: RateLimitSettings = {
  userPerMinute: 1_000_000,
  apiKeyPerMinute: 1_000_000,
  anonymousPerMinute: 1_000_000,
  organizationPerMinute: 1_000_000,
  openApiImportPerMinute: 1_000_000,
};

/** The real API over a fresh database of its own, driven through `app.inject`. */
export async function createTestApp(
  options: {
    publicConfig?: Partial<PublicConfig>;
    logger?: FastifyBaseLogger;
    google?: Omit<GoogleSettings, 'stateSecret'>;
    livekit?: LiveKitSettings;
    /** Phone settings as LIVEKIT_SIP_URI / TWILIO_ACCOUNT_SID would give them. */
    phone?: { sipUri?: string; installationAccountSid?: string };
    /** Stripe mode against a local fake (packages/core/src/testing/fake-stripe.ts). */
    stripe?: { apiBase: string; secretKey: string; webhookSecret: string };
    modelSettings?: Partial<ModelSettings>;
    /** Credits each new organization starts with (default 100, as BILLING_TRIAL_CREDITS). */
    trialCredits?: number;
    rateLimits?: Partial<RateLimitSettings>;
    /** The dashboard's origin as PUBLIC_URL would set it (default http://localhost:3000). */
    publicUrl?: string;
    /**
     * TRUSTED_PROXIES. Default: inject's own address, standing in for the dashboard's proxy, so that tests
     * can give each request a client address of its own with X-Forwarded-For.
     */
    trustedProxies?: string[];
    /** EGRESS_ALLOW of the API (default none): what saving a model server or webhook endpoint may name. */
    egressAllow?: string[];
    /** A cluster of the test file's own (startFaultCluster) instead of the shared one, and its pools' bounds. */
    serverUrl?: string;
    timeouts?: Partial<DatabaseTimeouts>;
    /** AUTH_SESSION_CACHE_SECONDS (default as in production; signUp's cookie carries no cache anyway). */
    sessionCacheSeconds?: number;
  } = {},
): Promise<TestApp> {
  const database = await createTestDatabase({
    ...(options.serverUrl && { serverUrl: options.serverUrl }),
    ...(options.timeouts && { timeouts: options.timeouts }),
  });
  const publicUrl = options.publicUrl ?? PUBLIC_URL;
  const authSecret = 'test-secret-test-secret-test-secret-0123';
  const auth = createAuth({
    config: {
      baseURL: publicUrl,
      secret: authSecret,
      sessionCacheSeconds: options.sessionCacheSeconds ?? DEFAULT_SESSION_CACHE_SECONDS,
    },
    systemDb: database.system,
    dialect: createAuthDialect(database.urls.auth, { timeouts: options.timeouts }),
  });
  const secretsKeyPair = generateSecretsKeyPair();
  // As server.ts: the OAuth state is signed with the auth secret.
  const google = options.google && { ...options.google, stateSecret: authSecret };
  const app = await buildApp({
    db: database.app,
    systemDb: database.system,
    auth,
    secretSealer: createSecretSealer(secretsKeyPair.publicKey),
    google,
    livekit: options.livekit,
    phone: options.phone,
    stripe: options.stripe && {
      client: createStripeClient(options.stripe.secretKey, options.stripe.apiBase),
      webhookSecret: options.stripe.webhookSecret,
      publicUrl,
    },
    modelSettings: { ...TEST_MODEL_SETTINGS, ...options.modelSettings },
    trialMillicredits: Math.round((options.trialCredits ?? 100) * 1000),
    publicConfig: {
      ...TEST_PUBLIC_CONFIG,
      ...(options.stripe && { billingMode: 'stripe' as const }),
      ...options.publicConfig,
    },
    publicUrl,
    ...(options.logger
      ? { logger: options.logger }
      : process.env.TEST_LOG && { logger: createLogger(process.env.TEST_LOG) }),
    trustedProxies: options.trustedProxies ?? ['127.0.0.1'],
    ...(options.egressAllow && { egressAllow: options.egressAllow }),
    rateLimits: { ...GENEROUS_RATE_LIMITS, ...options.rateLimits },
  });
  const leaks = watchForSecretLeaks(app);
  return {
    app,
    database,
    secretsKeyPair,
    workerSecretBox: createSecretBox({ privateKey: secretsKeyPair.privateKey }),
    google,
    close: async () => {
      await app.close();
      await database.destroy();
      if (leaks.length > 0) throw new Error(`responses leaked configured secrets:\n${leaks.join('\n')}`);
    },
  };
}

/**
 * Scans every response of the suite (headers and body) for a configured secret: a test file whose app
 * ever answered with one fails when it closes, whatever the test that caused it was checking.
 */
function watchForSecretLeaks(app: App): string[] {
  const leaks: string[] = [];
  const inject = app.inject.bind(app);
  const watched = async (options: InjectOptions | string) => {
    const response = await inject(options);
    const seen = `${JSON.stringify(response.headers)}\n${response.body}`;
    if (seen.includes(SECRET_MARKER))
      leaks.push(`${JSON.stringify(options).slice(0, 200)} → ${response.statusCode}`);
    return response;
  };
  app.inject = watched as App['inject'];
  return leaks;
}

export interface TestUser {
  id: string;
  email: string;
  name: string;
  cookie: string;
}

/** The password of every user signUp creates: long enough and on no list of common passwords. */
export const TEST_PASSWORD = 'correct horse battery staple';

/** Each call comes from its own client address, so per-IP rate limits never couple tests. */
function clientAddress(): string {
  const bytes = randomUUID().replace(/-/g, '');
  return `10.${Number.parseInt(bytes.slice(0, 2), 16)}.${Number.parseInt(bytes.slice(2, 4), 16)}.${Number.parseInt(bytes.slice(4, 6), 16)}`;
}

export function authHeaders(extra: Record<string, string> = {}) {
  return { origin: PUBLIC_URL, 'x-forwarded-for': clientAddress(), ...extra };
}

export function sessionCookie(response: LightMyRequestResponse): string {
  const header = response.headers['set-cookie'];
  const cookies = Array.isArray(header) ? header : header ? [header] : [];
  const session = cookies.find((cookie) => cookie.startsWith('better-auth.session_token='));
  if (!session) throw new Error(`no session cookie in response ${response.statusCode}: ${response.body}`);
  return session.split(';')[0]!;
}

/**
 * Signs a user up through better-auth and opens the emailed verification link, which signs them in: no
 * session exists before an address is verified. `verified: false` then marks the address unverified again
 * in the database, like a session from before verification was required, for the rules that still check it.
 */
export async function signUp(
  { app, database }: TestApp,
  options: { email?: string; name?: string; verified?: boolean } = {},
): Promise<TestUser> {
  const email = options.email ?? `user-${randomUUID().slice(0, 8)}@example.test`;
  const name = options.name ?? email.split('@')[0]!;
  const response = await app.inject({
    method: 'POST',
    url: '/api/auth/sign-up/email',
    headers: authHeaders(),
    payload: { email, name, password: TEST_PASSWORD },
  });
  if (response.statusCode !== 200) throw new Error(`sign-up failed ${response.statusCode}: ${response.body}`);
  const { user } = response.json() as { user: { id: string } };
  const verification = await database.owner
    .selectFrom('emailOutbox')
    .select('textBody')
    .where('toAddress', '=', email.toLowerCase())
    .where('template', '=', 'verify-email')
    .orderBy('createdAt', 'desc')
    .executeTakeFirstOrThrow();
  const link = new URL(verification.textBody.match(/https?:\/\/\S+/)?.[0] ?? '');
  const verified = await app.inject({
    method: 'GET',
    url: `${link.pathname}${link.search}`,
    headers: authHeaders(),
  });
  if (options.verified === false) {
    await database.owner
      .updateTable('auth.users')
      .set({ emailVerified: false })
      .where('id', '=', user.id)
      .execute();
  }
  return { id: user.id, email, name, cookie: sessionCookie(verified) };
}

/**
 * A request as `user` (or anonymous), with JSON in and out, sent as the dashboard sends it: from its origin
 * (state-changing requests from anywhere else are refused; plugins/origin-check.ts). `headers` override.
 */
export function request(testApp: TestApp, user: TestUser | null, options: InjectOptions) {
  return testApp.app.inject({
    ...options,
    headers: {
      origin: PUBLIC_URL,
      ...(user ? { cookie: user.cookie } : {}),
      ...(options.headers ?? {}),
    },
  });
}

export async function createOrganization(
  testApp: TestApp,
  user: TestUser,
  name = 'Acme Dental',
): Promise<string> {
  const response = await request(testApp, user, {
    method: 'POST',
    url: '/api/v1/organizations',
    payload: { name },
  });
  if (response.statusCode !== 201) throw new Error(`create organization failed: ${response.body}`);
  return (response.json() as { id: string }).id;
}

/** Signs a user up and makes them a member of `orgId` with `role`, arranged directly in the database. */
export async function addMember(testApp: TestApp, orgId: string, role: string): Promise<TestUser> {
  const user = await signUp(testApp);
  await testApp.database.owner
    .insertInto('memberships')
    .values({ organizationId: orgId, userId: user.id, role })
    .execute();
  return user;
}

/** The link in the newest outbox email to `to` (emails are delivered by the job runner, not running here). */
export async function lastEmailLink(testApp: TestApp, to: string): Promise<string> {
  const email = await testApp.database.owner
    .selectFrom('emailOutbox')
    .select('textBody')
    .where('toAddress', '=', to)
    .orderBy('createdAt', 'desc')
    .executeTakeFirstOrThrow();
  const link = email.textBody.match(/https?:\/\/\S+/)?.[0];
  if (!link) throw new Error(`no link in the email to ${to}`);
  return link;
}

/**
 * The job runner (test runs, emails, Google revocation) started the way the worker tier's process starts
 * it: from a worker environment holding the worker role's URL and this app's private key.
 */
export async function startJobs(
  testApp: TestApp,
  /** More worker environment (LiveKit, Twilio at a fake: the phone tests). */
  extraEnv: Record<string, string> = {},
  /** Where the worker tier's lines go (default: nowhere), for tests that read them. */
  logger: JobLogger = { error() {}, warn() {}, info() {}, debug() {} },
): Promise<JobRunner> {
  const env = loadWorkerEnv({
    DATABASE_WORKER_URL: testApp.database.urls.worker,
    DATABASE_SYSTEM_URL: testApp.database.urls.system,
    SWITCHBOARD_SECRETS_PRIVATE_KEY: testApp.secretsKeyPair.privateKey,
    GOOGLE_CLIENT_ID: testApp.google?.clientId,
    GOOGLE_CLIENT_SECRET: testApp.google?.clientSecret,
    // Test runs call servers the tests start on 127.0.0.1, which the egress guard refuses by default.
    EGRESS_ALLOW: '127.0.0.1',
    ...extraEnv,
  });
  return startWorkerJobs(env, {
    emailConfig: { kind: 'mailbox', from: 'Switchboard <test@example.test>' },
    logger,
    ...(testApp.google?.endpoints && { googleEndpoints: testApp.google.endpoints }),
  });
}
