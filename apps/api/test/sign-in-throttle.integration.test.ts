import { createAuth, DEFAULT_SESSION_CACHE_SECONDS } from '@switchboard/core/auth/create-auth';
import { SIGN_IN_THROTTLE } from '@switchboard/core/auth/sign-in-throttle';
import { createAuthDialect } from '@switchboard/db/database';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  authHeaders,
  createTestApp,
  PUBLIC_URL,
  signUp,
  TEST_PASSWORD,
  type TestApp,
  type TestUser,
} from './harness.ts';

// The per-account throttle: guesses against one account slow down whatever addresses they come from.
let t: TestApp;
let victim: TestUser;

beforeAll(async () => {
  t = await createTestApp();
  victim = await signUp(t);
});
afterAll(() => t.close());

let nextAddress = 1;
/** A client address no other request of this file used. */
const freshAddress = () => `198.51.100.${nextAddress++}`;

function signIn(app: TestApp, email: string, password: string, headers: Record<string, string> = {}) {
  return app.app.inject({
    method: 'POST',
    url: '/api/auth/sign-in/email',
    headers: authHeaders({ 'x-forwarded-for': freshAddress(), ...headers }),
    payload: { email, password },
  });
}

/** Ends the current lock in the database, as if its time had passed (tests never wait). */
async function expireLock(app: TestApp) {
  await app.database.owner
    .updateTable('auth.signInThrottle')
    .set({ lockedUntil: new Date(0) })
    .execute();
}

describe('sign-in throttle per account', () => {
  it('locks an account after five failures from five different addresses, then doubles the lock', async () => {
    for (let attempt = 1; attempt <= SIGN_IN_THROTTLE.FREE_ATTEMPTS; attempt += 1) {
      expect((await signIn(t, victim.email, `wrong guess ${attempt}`)).statusCode).toBe(401);
    }
    const locked = await signIn(t, victim.email, 'wrong guess 6');
    expect(locked.statusCode).toBe(429);
    const retryAfter = Number(locked.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(SIGN_IN_THROTTLE.FIRST_LOCKOUT_SECONDS);
    expect(locked.json()).toMatchObject({ code: 'ACCOUNT_LOCKED', retryAfterSeconds: retryAfter });
    expect(locked.json().message).toMatch(/Try again in \d+ (seconds|minutes) \(after \d\d:\d\d UTC\)/);

    // While locked, not even the right password is checked.
    expect((await signIn(t, victim.email, TEST_PASSWORD)).statusCode).toBe(429);

    // The next failure after the lock doubles it.
    await expireLock(t);
    expect((await signIn(t, victim.email, 'wrong guess 7')).statusCode).toBe(401);
    const doubled = await signIn(t, victim.email, 'wrong guess 8');
    expect(doubled.statusCode).toBe(429);
    expect(Number(doubled.headers['retry-after'])).toBeGreaterThan(SIGN_IN_THROTTLE.FIRST_LOCKOUT_SECONDS);
    expect(Number(doubled.headers['retry-after'])).toBeLessThanOrEqual(
      2 * SIGN_IN_THROTTLE.FIRST_LOCKOUT_SECONDS,
    );
  });

  it('holds across API processes: another auth instance on the same database refuses too', async () => {
    const otherProcess = createAuth({
      config: {
        baseURL: PUBLIC_URL,
        secret: 'test-secret-test-secret-test-secret-0123',
        sessionCacheSeconds: DEFAULT_SESSION_CACHE_SECONDS,
      },
      systemDb: t.database.system,
      dialect: createAuthDialect(t.database.urls.auth),
    });
    const attempt = otherProcess.api.signInEmail({
      body: { email: victim.email, password: TEST_PASSWORD },
      headers: new Headers({ origin: PUBLIC_URL, 'x-switchboard-client-ip': freshAddress() }),
    });
    await expect(attempt).rejects.toMatchObject({ statusCode: 429 });
  });

  it('a successful sign-in clears the count', async () => {
    await expireLock(t);
    expect((await signIn(t, victim.email, TEST_PASSWORD)).statusCode).toBe(200);
    const rows = await t.database.owner.selectFrom('auth.signInThrottle').selectAll().execute();
    expect(rows).toEqual([]);
    for (let attempt = 1; attempt < SIGN_IN_THROTTLE.FREE_ATTEMPTS; attempt += 1) {
      expect((await signIn(t, victim.email, `wrong again ${attempt}`)).statusCode).toBe(401);
    }
    expect((await signIn(t, victim.email, TEST_PASSWORD)).statusCode).toBe(200);
  });

  it('counts an address without an account the same way, and stores no address', async () => {
    const nobody = 'nobody-here@example.test';
    for (let attempt = 1; attempt <= SIGN_IN_THROTTLE.FREE_ATTEMPTS; attempt += 1) {
      expect((await signIn(t, nobody, 'some guess')).statusCode).toBe(401);
    }
    expect((await signIn(t, nobody, 'some guess')).statusCode).toBe(429);
    const stored = JSON.stringify(
      await t.database.owner.selectFrom('auth.signInThrottle').selectAll().execute(),
    );
    expect(stored).not.toContain('nobody-here');
    expect(stored).not.toContain('example.test');
  });

  it('the API role cannot read or change the throttle; only better-auth’s own role can', async () => {
    await expect(t.database.app.selectFrom('auth.signInThrottle').selectAll().execute()).rejects.toThrow(
      /permission denied/,
    );
    await expect(t.database.app.deleteFrom('auth.signInThrottle').execute()).rejects.toThrow(
      /permission denied/,
    );
    await expect(t.database.worker.selectFrom('auth.signInThrottle').selectAll().execute()).rejects.toThrow(
      /permission denied/,
    );
  });
});

describe('forwarded headers', () => {
  it('a forged X-Forwarded-For from an untrusted peer changes nothing: not the address, not the lock', async () => {
    // The API's default: no proxy is trusted, so inject's own address is the client.
    const direct = await createTestApp({ trustedProxies: [] });
    try {
      const user = await signUp(direct);
      const forged = () => ({ 'x-forwarded-for': `203.0.113.${Math.floor(Math.random() * 250) + 1}` });
      const signedIn = await signIn(direct, user.email, TEST_PASSWORD, forged());
      expect(signedIn.statusCode).toBe(200);
      const sessions = await direct.database.owner
        .selectFrom('auth.sessions')
        .select('ipAddress')
        .orderBy('createdAt', 'desc')
        .executeTakeFirstOrThrow();
      expect(sessions.ipAddress).toBe('127.0.0.1');

      for (let attempt = 1; attempt <= SIGN_IN_THROTTLE.FREE_ATTEMPTS; attempt += 1) {
        expect((await signIn(direct, user.email, 'guess', forged())).statusCode).toBe(401);
      }
      const locked = await signIn(direct, user.email, TEST_PASSWORD, forged());
      expect(locked.statusCode).toBe(429);
      expect(locked.json().code).toBe('ACCOUNT_LOCKED');
    } finally {
      await direct.close();
    }
  });

  it('a proxy named in TRUSTED_PROXIES is believed', async () => {
    const behindProxy = await createTestApp({ trustedProxies: ['127.0.0.1'] });
    try {
      const user = await signUp(behindProxy);
      expect(
        (await signIn(behindProxy, user.email, TEST_PASSWORD, { 'x-forwarded-for': '192.0.2.44' }))
          .statusCode,
      ).toBe(200);
      const session = await behindProxy.database.owner
        .selectFrom('auth.sessions')
        .select('ipAddress')
        .orderBy('createdAt', 'desc')
        .executeTakeFirstOrThrow();
      expect(session.ipAddress).toBe('192.0.2.44');
    } finally {
      await behindProxy.close();
    }
  });
});
