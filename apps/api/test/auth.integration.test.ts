import { randomUUID } from 'node:crypto';
import { deliverEmail } from '@switchboard/core/email/deliver-email';
import { createMailboxTransport } from '@switchboard/core/email/transports/mailbox';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createLogger } from '../src/logger.ts';
import {
  authHeaders,
  createOrganization,
  createTestApp,
  lastEmailLink,
  PUBLIC_URL,
  request,
  sessionCookie,
  signUp,
  TEST_PASSWORD,
  type TestApp,
  type TestUser,
} from './harness.ts';

const NEW_PASSWORD = 'tr0ub4dor & 3 new horses';

/** Captured output of the app under test: Fastify's log lines and anything printed to the console. */
const output: string[] = [];
/** Every token a test below handled, which the captured output must not contain. */
const tokens: string[] = [];
let t: TestApp;
let admin: TestUser;

/** The test app, logging everything at trace level into `output`. */
beforeAll(async () => {
  t = await createTestApp({
    logger: createLogger('trace', { write: (line: string) => void output.push(line) }),
  });
  for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const) {
    vi.spyOn(console, method).mockImplementation((...args: unknown[]) => {
      output.push(args.map((arg) => (arg instanceof Error ? arg.stack : JSON.stringify(arg))).join(' '));
    });
  }
  // The first verified account: the platform admin, who alone reads the local mailbox.
  admin = await signUp(t, { name: 'Ada Admin' });
});
afterAll(async () => {
  vi.restoreAllMocks();
  await t.close();
});

/** Delivers every pending outbox email through the local mailbox, as the job runner would. */
async function deliverPendingEmails() {
  const transport = createMailboxTransport(t.database.worker, { info: () => {} });
  const pending = await t.database.owner
    .selectFrom('emailOutbox')
    .select('id')
    .where('status', '=', 'pending')
    .execute();
  for (const { id } of pending) {
    await deliverEmail(
      { workerDb: t.database.worker, transport, from: 'test@switchboard.test' },
      { outboxId: id },
    );
  }
}

/** The first link of the newest mailbox email to `to`, read by the platform admin through the mailbox API. */
async function mailboxLink(to: string, subject: string): Promise<string> {
  await deliverPendingEmails();
  const list = await request(t, admin, { method: 'GET', url: '/api/v1/dev/mailbox' });
  const summary = (list.json() as { messages: { id: string; to: string; subject: string }[] }).messages.find(
    (message) => message.to === to && message.subject === subject,
  );
  if (!summary) throw new Error(`no "${subject}" email to ${to} in the mailbox: ${list.body}`);
  const message = await request(t, admin, { method: 'GET', url: `/api/v1/dev/mailbox/${summary.id}` });
  const link = (message.json() as { text: string }).text.match(/https?:\/\/\S+/)?.[0];
  if (!link) throw new Error(`no link in the email to ${to}`);
  return link;
}

/** `link` as a path the API answers, after checking it points at the public origin. */
function pathOf(link: string): string {
  const url = new URL(link);
  expect(url.origin).toBe(PUBLIC_URL);
  return `${url.pathname}${url.search}`;
}

function signUpRequest(email: string, password = TEST_PASSWORD, name = 'Grace') {
  return t.app.inject({
    method: 'POST',
    url: '/api/auth/sign-up/email',
    headers: authHeaders(),
    payload: { email, name, password },
  });
}

function signIn(email: string, password: string, clientIp?: string) {
  return t.app.inject({
    method: 'POST',
    url: '/api/auth/sign-in/email',
    headers: clientIp ? authHeaders({ 'x-forwarded-for': clientIp }) : authHeaders(),
    payload: { email, password },
  });
}

const newEmail = () => `user-${randomUUID().slice(0, 8)}@example.test`;

/** The keys of a JSON value, recursively: the shape of an answer, whatever its values. */
function shapeOf(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(shapeOf);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([key, item]) => [key, shapeOf(item)]),
    );
  }
  return value === null ? null : typeof value;
}

describe('sign-up and verification', () => {
  it('sign up → no session yet → the emailed link verifies the address and signs in', async () => {
    const email = newEmail();
    const signedUp = await signUpRequest(email);
    expect(signedUp.statusCode).toBe(200);
    expect(signedUp.json().token).toBeNull();
    expect(signedUp.headers['set-cookie'] ?? '').not.toContain('better-auth.session_token=');

    // Signing in before verifying: the password is right, but there is no session yet.
    const early = await signIn(email, TEST_PASSWORD);
    expect(early.statusCode).toBe(403);
    expect(early.json()).toMatchObject({ code: 'EMAIL_NOT_VERIFIED' });
    expect(early.headers['set-cookie'] ?? '').not.toContain('better-auth.session_token=');

    const link = await mailboxLink(email, 'Verify your email address');
    expect(link).toMatch(/\/api\/auth\/verify-email\?token=/);
    tokens.push(new URL(link).searchParams.get('token')!);
    const verified = await t.app.inject({ method: 'GET', url: pathOf(link), headers: authHeaders() });
    expect(verified.statusCode).toBe(302);
    expect(verified.headers.location).toBe('/');
    // autoSignInAfterVerification: the link itself signs the user in.
    const me = await request(
      t,
      { id: '', email, name: 'Grace', cookie: sessionCookie(verified) },
      { method: 'GET', url: '/api/v1/me' },
    );
    expect(me.json().user).toMatchObject({ email, emailVerified: true, isPlatformAdmin: false });
    expect((await signIn(email, TEST_PASSWORD)).statusCode).toBe(200);

    // Opening the link again signs no one in.
    const again = await t.app.inject({ method: 'GET', url: pathOf(link), headers: authHeaders() });
    expect(again.headers['set-cookie'] ?? '').not.toContain('better-auth.session_token=');
  });

  it('answers a sign-up for an existing address exactly like a new one, and emails its owner instead', async () => {
    const existing = await signUp(t);
    const fresh = await signUpRequest(newEmail());
    const repeated = await signUpRequest(existing.email, 'another long passphrase here', 'Mallory');

    expect(repeated.statusCode).toBe(fresh.statusCode);
    expect(shapeOf(repeated.json())).toEqual(shapeOf(fresh.json()));
    expect(repeated.json().user).toMatchObject({
      email: existing.email,
      name: 'Mallory',
      emailVerified: false,
    });
    expect(repeated.json().user.id).not.toBe(existing.id);
    for (const response of [fresh, repeated]) {
      expect(response.headers['set-cookie'] ?? '').not.toContain('better-auth.session_token=');
    }

    const emails = await t.database.owner
      .selectFrom('emailOutbox')
      .select(['template', 'subject', 'textBody'])
      .where('toAddress', '=', existing.email)
      .orderBy('createdAt', 'asc')
      .execute();
    expect(emails.map((email) => email.template)).toEqual(['verify-email', 'sign-up-attempt']);
    expect(emails[1]!.subject).toBe('Someone tried to sign up with your email address');
    expect(emails[1]!.textBody).toContain(`${PUBLIC_URL}/sign-in`);
    expect(emails[1]!.textBody).toContain(`${PUBLIC_URL}/forgot-password`);
    // The account is untouched: the old password still works, the attempted one does not.
    expect((await signIn(existing.email, TEST_PASSWORD)).statusCode).toBe(200);
    expect((await signIn(existing.email, 'another long passphrase here')).statusCode).toBe(401);
  });

  it('makes the first account to verify its address the platform admin, not the first to sign up', async () => {
    const fresh = await createTestApp();
    try {
      const squatter = newEmail();
      const signedUp = await fresh.app.inject({
        method: 'POST',
        url: '/api/auth/sign-up/email',
        headers: authHeaders(),
        payload: { email: squatter, name: 'Early Bird', password: TEST_PASSWORD },
      });
      expect(signedUp.statusCode).toBe(200);
      const operator = await signUp(fresh);
      const me = await request(fresh, operator, { method: 'GET', url: '/api/v1/me' });
      expect(me.json().user.isPlatformAdmin).toBe(true);
      const flags = await fresh.database.owner
        .selectFrom('auth.users')
        .select(['email', 'isPlatformAdmin'])
        .execute();
      expect(flags.find((row) => row.email === squatter)?.isPlatformAdmin).toBe(false);
    } finally {
      await fresh.close();
    }
  });
});

describe('password reset', () => {
  it('email with link → new password works, the old one no longer does', async () => {
    const user = await signUp(t);
    const requested = await t.app.inject({
      method: 'POST',
      url: '/api/auth/request-password-reset',
      headers: authHeaders(),
      payload: { email: user.email, redirectTo: `${PUBLIC_URL}/reset-password` },
    });
    expect(requested.statusCode).toBe(200);

    const link = await mailboxLink(user.email, 'Reset your password');
    expect(link).toBe(await lastEmailLink(t, user.email));
    // better-auth's link checks the token and redirects to the dashboard's page with it.
    const opened = await t.app.inject({ method: 'GET', url: pathOf(link), headers: authHeaders() });
    expect(opened.statusCode).toBe(302);
    const redirect = new URL(opened.headers.location as string);
    expect(`${redirect.origin}${redirect.pathname}`).toBe(`${PUBLIC_URL}/reset-password`);
    const token = redirect.searchParams.get('token');
    expect(token).toBeTruthy();
    tokens.push(token!);

    const reset = await t.app.inject({
      method: 'POST',
      url: '/api/auth/reset-password',
      headers: authHeaders(),
      payload: { token, newPassword: NEW_PASSWORD },
    });
    expect(reset.statusCode).toBe(200);

    expect((await signIn(user.email, NEW_PASSWORD)).statusCode).toBe(200);
    expect((await signIn(user.email, TEST_PASSWORD)).statusCode).toBe(401);
    // revokeSessionsOnPasswordReset: the session from before the reset is gone.
    expect((await request(t, user, { method: 'GET', url: '/api/v1/me' })).statusCode).toBe(401);
    // The token is single use.
    const reused = await t.app.inject({
      method: 'POST',
      url: '/api/auth/reset-password',
      headers: authHeaders(),
      payload: { token, newPassword: 'yet another password' },
    });
    expect(reused.statusCode).toBe(400);
  });
});

describe('per-address limit', () => {
  it('refuses the 11th sign-in in a minute from one address, not from another', async () => {
    const user = await signUp(t);
    const attacker = '203.0.113.7';
    // Ten different accounts, so that the per-account throttle is not what answers.
    for (let attempt = 1; attempt <= 10; attempt += 1) {
      expect((await signIn(newEmail(), 'wrong password guess', attacker)).statusCode).toBe(401);
    }
    expect((await signIn(newEmail(), 'wrong password guess', attacker)).statusCode).toBe(429);
    expect((await signIn(user.email, TEST_PASSWORD, attacker)).statusCode).toBe(429);
    expect((await signIn(user.email, TEST_PASSWORD, '198.51.100.23')).statusCode).toBe(200);
  });
});

describe('logs', () => {
  it('an invitation token passes through the API without being logged', async () => {
    const orgId = await createOrganization(t, admin, 'Logged Co');
    const invited = newEmail();
    const created = await request(t, admin, {
      method: 'POST',
      url: `/api/v1/orgs/${orgId}/invitations`,
      payload: { email: invited, role: 'member' },
    });
    expect(created.statusCode).toBe(201);
    const token = (await lastEmailLink(t, invited)).split('/invite/')[1]!;
    tokens.push(token);
    const preview = await request(t, null, { method: 'GET', url: `/api/v1/invitations/${token}` });
    expect(preview.statusCode).toBe(200);
    const invitee = await signUp(t, { email: invited });
    const accepted = await request(t, invitee, {
      method: 'POST',
      url: `/api/v1/invitations/${token}/accept`,
    });
    expect(accepted.statusCode).toBe(200);
    // A route that does not exist echoes no token either.
    const missing = await request(t, null, { method: 'GET', url: `/api/v1/invitations/${token}/nope` });
    expect(missing.statusCode).toBe(404);
    expect(missing.body).not.toContain(token);
  });

  it('never writes a password or a token to the logs', () => {
    const logged = output.join('\n');
    // The capture works: request logs of the calls above are in it, with their tokens redacted.
    expect(logged).toContain('/api/auth/sign-in/email');
    expect(logged).toContain('/api/auth/reset-password');
    expect(logged).toContain('/api/auth/verify-email?token=[redacted]');
    expect(logged).toContain('/api/v1/invitations/[redacted]/accept');
    expect(tokens).toHaveLength(3);
    for (const secret of [TEST_PASSWORD, NEW_PASSWORD, 'wrong password guess', ...tokens]) {
      expect(logged).not.toContain(secret);
    }
  });
});
