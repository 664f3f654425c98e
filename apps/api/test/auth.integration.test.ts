import { randomUUID } from 'node:crypto';
import { deliverEmail } from '@switchboard/core/email/deliver-email';
import { createMailboxTransport } from '@switchboard/core/email/transports/mailbox';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createLogger } from '../src/logger.ts';
import {
  authHeaders,
  createTestApp,
  lastEmailLink,
  PUBLIC_URL,
  request,
  sessionCookie,
  type TestApp,
  type TestUser,
} from './harness.ts';

const PASSWORD = 'correct horse battery staple';
const NEW_PASSWORD = 'tr0ub4dor & 3 new horses';

/** Captured output of the app under test: Fastify's log lines and anything printed to the console. */
const output: string[] = [];
let t: TestApp;

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

/** The first link of the newest mailbox email to `to`, read through the mailbox API like the dashboard. */
async function mailboxLink(to: string, subject: string): Promise<string> {
  await deliverPendingEmails();
  const list = await request(t, null, { method: 'GET', url: '/api/v1/dev/mailbox' });
  const summary = (list.json() as { messages: { id: string; to: string; subject: string }[] }).messages.find(
    (message) => message.to === to && message.subject === subject,
  );
  if (!summary) throw new Error(`no "${subject}" email to ${to} in the mailbox: ${list.body}`);
  const message = await request(t, null, { method: 'GET', url: `/api/v1/dev/mailbox/${summary.id}` });
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

async function signUpUnverified(email = `user-${randomUUID().slice(0, 8)}@example.test`): Promise<TestUser> {
  const response = await t.app.inject({
    method: 'POST',
    url: '/api/auth/sign-up/email',
    headers: authHeaders(),
    payload: { email, name: 'Grace', password: PASSWORD },
  });
  expect(response.statusCode).toBe(200);
  const { user } = response.json() as { user: { id: string } };
  return { id: user.id, email, name: 'Grace', cookie: sessionCookie(response) };
}

function signIn(email: string, password: string, clientIp?: string) {
  return t.app.inject({
    method: 'POST',
    url: '/api/auth/sign-in/email',
    headers: clientIp ? authHeaders({ 'x-forwarded-for': clientIp }) : authHeaders(),
    payload: { email, password },
  });
}

describe('auth', () => {
  it('sign up → verification email in the mailbox → its link verifies the address', async () => {
    const user = await signUpUnverified();
    const before = await request(t, user, { method: 'GET', url: '/api/v1/me' });
    expect(before.statusCode).toBe(200);
    expect(before.json().user).toMatchObject({ email: user.email, emailVerified: false });

    const link = await mailboxLink(user.email, 'Verify your email address');
    expect(link).toMatch(/\/api\/auth\/verify-email\?token=/);
    const verified = await t.app.inject({ method: 'GET', url: pathOf(link), headers: authHeaders() });
    expect(verified.statusCode).toBe(302);
    expect(verified.headers.location).toBe('/');

    const after = await request(t, user, { method: 'GET', url: '/api/v1/me' });
    expect(after.json().user).toMatchObject({ email: user.email, emailVerified: true });
    // autoSignInAfterVerification: the link itself signs the user in.
    const viaLink = await request(
      t,
      { ...user, cookie: sessionCookie(verified) },
      { method: 'GET', url: '/api/v1/me' },
    );
    expect(viaLink.json().user).toMatchObject({ id: user.id, emailVerified: true });

    // Opening the link again signs no one in.
    const again = await t.app.inject({ method: 'GET', url: pathOf(link), headers: authHeaders() });
    expect(again.headers['set-cookie'] ?? '').not.toContain('better-auth.session_token=');
  });

  it('password reset: email with link → new password works, the old one no longer does', async () => {
    const user = await signUpUnverified();
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

    const reset = await t.app.inject({
      method: 'POST',
      url: '/api/auth/reset-password',
      headers: authHeaders(),
      payload: { token, newPassword: NEW_PASSWORD },
    });
    expect(reset.statusCode).toBe(200);

    expect((await signIn(user.email, NEW_PASSWORD)).statusCode).toBe(200);
    expect((await signIn(user.email, PASSWORD)).statusCode).toBe(401);
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

  it('refuses the 11th sign-in in a minute from one address, not from another', async () => {
    const user = await signUpUnverified();
    const attacker = '203.0.113.7';
    for (let attempt = 1; attempt <= 10; attempt += 1) {
      expect((await signIn(user.email, 'wrong password guess', attacker)).statusCode).toBe(401);
    }
    expect((await signIn(user.email, 'wrong password guess', attacker)).statusCode).toBe(429);
    expect((await signIn(user.email, PASSWORD, attacker)).statusCode).toBe(429);
    expect((await signIn(user.email, PASSWORD, '198.51.100.23')).statusCode).toBe(200);
  });

  it('never writes a password to the logs', () => {
    const logged = output.join('\n');
    // The capture works: request logs of the calls above are in it.
    expect(logged).toContain('/api/auth/sign-in/email');
    expect(logged).toContain('/api/auth/reset-password');
    for (const secret of [PASSWORD, NEW_PASSWORD, 'wrong password guess']) {
      expect(logged).not.toContain(secret);
    }
  });
});
