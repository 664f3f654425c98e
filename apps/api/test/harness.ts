import { randomBytes, randomUUID } from 'node:crypto';
import type { PublicConfig } from '@switchboard/contracts/config';
import { createAuth } from '@switchboard/core/auth/create-auth';
import { type JobRunner, startJobRunner } from '@switchboard/core/jobs/run-jobs';
import { createTaskList } from '@switchboard/core/jobs/task-list';
import { createSecretBox, type SecretBox } from '@switchboard/core/secrets/secret-box';
import type { GoogleSettings } from '@switchboard/core/tools/google/google-settings';
import { createAuthDialect } from '@switchboard/db/database';
import { createTestDatabase, type TestDatabase } from '@switchboard/db/testing';
import type { FastifyBaseLogger, InjectOptions, LightMyRequestResponse } from 'fastify';
import { type App, buildApp } from '../src/app.ts';
import type { LiveKitSettings } from '../src/livekit/livekit-settings.ts';
import { createLogger } from '../src/logger.ts';

export const PUBLIC_URL = 'http://localhost:3000';

export const TEST_PUBLIC_CONFIG: PublicConfig = {
  googleSignIn: false,
  mailbox: true,
  emailTransport: 'mailbox',
  billingMode: 'manual',
  voice: { configured: false, missing: ['LIVEKIT_URL'] },
};

export interface TestApp {
  app: App;
  database: TestDatabase;
  secretBox: SecretBox;
  google: GoogleSettings | undefined;
  close: () => Promise<void>;
}

/** Every secret a test configures starts with this, so any response that leaks one can be caught. */
export const SECRET_MARKER = 'sb-test-secret-';
export const testSecret = () => `${SECRET_MARKER}${randomBytes(9).toString('base64url')}`;

/** Google settings that build consent URLs; nothing answers at these endpoints. */
export const TEST_GOOGLE: GoogleSettings = {
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

/** The real API over a fresh database of its own, driven through `app.inject`. */
export async function createTestApp(
  options: {
    publicConfig?: Partial<PublicConfig>;
    logger?: FastifyBaseLogger;
    google?: GoogleSettings;
    livekit?: LiveKitSettings;
  } = {},
): Promise<TestApp> {
  const database = await createTestDatabase();
  const auth = createAuth({
    config: { baseURL: PUBLIC_URL, secret: 'test-secret-test-secret-test-secret-0123' },
    db: database.app,
    dialect: createAuthDialect(database.urls.app),
  });
  const secretBox = createSecretBox({ key: randomBytes(32).toString('base64') });
  const app = await buildApp({
    db: database.app,
    auth,
    secretBox,
    google: options.google,
    livekit: options.livekit,
    publicConfig: { ...TEST_PUBLIC_CONFIG, ...options.publicConfig },
    publicUrl: PUBLIC_URL,
    ...(options.logger
      ? { logger: options.logger }
      : process.env.TEST_LOG && { logger: createLogger(process.env.TEST_LOG) }),
    trustedProxies: ['127.0.0.1'],
  });
  const leaks = watchForSecretLeaks(app);
  return {
    app,
    database,
    secretBox,
    google: options.google,
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

/** Signs a user up through better-auth; `verified` marks the email verified as the mailbox link would. */
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
    payload: { email, name, password: 'correct horse battery staple' },
  });
  if (response.statusCode !== 200) throw new Error(`sign-up failed ${response.statusCode}: ${response.body}`);
  const { user } = response.json() as { user: { id: string } };
  if (options.verified !== false) {
    await database.owner
      .updateTable('auth.users')
      .set({ emailVerified: true })
      .where('id', '=', user.id)
      .execute();
  }
  return { id: user.id, email, name, cookie: sessionCookie(response) };
}

/** A request as `user` (or anonymous), with JSON in and out. */
export function request(testApp: TestApp, user: TestUser | null, options: InjectOptions) {
  return testApp.app.inject({
    ...options,
    headers: { ...(user ? { cookie: user.cookie } : {}), ...(options.headers ?? {}) },
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

/** The production job runner, as the worker role, with this app's secret box: test runs, emails. */
export async function startJobs(testApp: TestApp): Promise<JobRunner> {
  const silent = { error() {}, warn() {}, info() {}, debug() {} };
  return startJobRunner({
    workerDatabaseUrl: testApp.database.urls.worker,
    tasks: createTaskList({
      workerDb: testApp.database.worker,
      emailConfig: { kind: 'mailbox', from: 'Switchboard <test@example.test>' },
      logger: silent,
      runtime: { secretBox: testApp.secretBox, google: testApp.google },
    }),
    logger: silent,
  });
}
