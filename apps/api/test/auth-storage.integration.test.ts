import { createHash, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  authHeaders,
  createOrganization,
  createTestApp,
  lastEmailLink,
  PUBLIC_URL,
  request,
  signUp,
  type TestApp,
} from './harness.ts';

// What a copy of better-auth's tables gives an attacker: no emailed link may be rebuilt from them.
const PASSWORD = 'correct horse battery staple';
const NEW_PASSWORD = 'seven new horses, all of them purple';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

function verificationRows() {
  return t.database.owner.selectFrom('auth.verifications').select(['identifier', 'value']).execute();
}

/** `link` as a path the API answers, after checking it points at the public origin. */
function pathOf(link: string): string {
  const url = new URL(link);
  expect(url.origin).toBe(PUBLIC_URL);
  return `${url.pathname}${url.search}`;
}

describe('verification and reset identifiers at rest', () => {
  it('neither link is stored in plaintext, and both still work', async () => {
    const email = `stored-${randomUUID().slice(0, 8)}@example.test`;
    const signedUp = await t.app.inject({
      method: 'POST',
      url: '/api/auth/sign-up/email',
      headers: authHeaders(),
      payload: { email, name: 'Ada', password: PASSWORD },
    });
    expect(signedUp.statusCode).toBe(200);

    // Verification: a signed token in the link, nothing of it in the table.
    const verifyLink = await lastEmailLink(t, email);
    const verifyToken = new URL(verifyLink).searchParams.get('token');
    expect(verifyToken).toBeTruthy();
    for (const row of await verificationRows()) {
      expect(`${row.identifier} ${row.value}`).not.toContain(verifyToken);
    }
    const verified = await t.app.inject({ method: 'GET', url: pathOf(verifyLink), headers: authHeaders() });
    expect(verified.statusCode).toBe(302);
    const user = await t.database.owner
      .selectFrom('auth.users')
      .select('emailVerified')
      .where('email', '=', email)
      .executeTakeFirstOrThrow();
    expect(user.emailVerified).toBe(true);

    // Reset: the table holds the token's SHA-256, never the token.
    const requested = await t.app.inject({
      method: 'POST',
      url: '/api/auth/request-password-reset',
      headers: authHeaders(),
      payload: { email, redirectTo: `${PUBLIC_URL}/reset-password` },
    });
    expect(requested.statusCode).toBe(200);
    const resetLink = await lastEmailLink(t, email);
    const resetToken = new URL(resetLink).pathname.split('/').pop()!;
    expect(resetLink).toContain(`/api/auth/reset-password/${resetToken}`);
    const rows = await verificationRows();
    for (const row of rows) expect(`${row.identifier} ${row.value}`).not.toContain(resetToken);
    const stored = createHash('sha256').update(`reset-password:${resetToken}`).digest('base64url');
    expect(rows.map((row) => row.identifier)).toContain(stored);

    // What the table holds does not work as a token.
    const withStored = await t.app.inject({
      method: 'POST',
      url: '/api/auth/reset-password',
      headers: authHeaders(),
      payload: { token: stored, newPassword: NEW_PASSWORD },
    });
    expect(withStored.statusCode).toBe(400);

    // The emailed link does.
    const opened = await t.app.inject({ method: 'GET', url: pathOf(resetLink), headers: authHeaders() });
    expect(opened.statusCode).toBe(302);
    expect(new URL(opened.headers.location as string).searchParams.get('token')).toBe(resetToken);
    const reset = await t.app.inject({
      method: 'POST',
      url: '/api/auth/reset-password',
      headers: authHeaders(),
      payload: { token: resetToken, newPassword: NEW_PASSWORD },
    });
    expect(reset.statusCode).toBe(200);
    const signIn = await t.app.inject({
      method: 'POST',
      url: '/api/auth/sign-in/email',
      headers: authHeaders(),
      payload: { email, password: NEW_PASSWORD },
    });
    expect(signIn.statusCode).toBe(200);
  });

  it('invitation tokens are stored only as their hash', async () => {
    const admin = await signUp(t);
    const orgId = await createOrganization(t, admin);
    const invitee = `invitee-${randomUUID().slice(0, 8)}@example.test`;
    const invited = await request(t, admin, {
      method: 'POST',
      url: `/api/v1/orgs/${orgId}/invitations`,
      payload: { email: invitee, role: 'member' },
    });
    expect(invited.statusCode).toBe(201);
    const token = new URL(await lastEmailLink(t, invitee)).pathname.split('/').pop()!;
    const rows = await t.database.owner.selectFrom('invitations').selectAll().execute();
    expect(JSON.stringify(rows)).not.toContain(token);
    const tokenHash = createHash('sha256').update(token).digest('hex');
    expect(rows.map((row) => row.tokenHash)).toContain(tokenHash);

    const preview = (value: string) =>
      request(t, null, { method: 'GET', url: `/api/v1/invitations/${value}` }).then((r) => r.statusCode);
    expect(await preview(token)).toBe(200);
    expect(await preview(tokenHash)).toBe(404);
  });
});
