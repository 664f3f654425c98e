import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addMember,
  createOrganization,
  createTestApp,
  request,
  signUp,
  type TestApp,
  type TestUser,
} from './harness.ts';

// The session cookie cache (AUTH_SESSION_CACHE_SECONDS): a browser holds a signed copy of its session for
// the window, and requests within it skip the session look-up. What it may and may not delay
// (docs/security/accounts.md "Limits that remain").

const CACHE_COOKIE = 'better-auth.session_data';

/** The cookies a browser would hold after `response`, on top of `cookie`. */
function browserCookies(cookie: string, response: LightMyRequestResponse): string {
  const jar = new Map(
    cookie.split('; ').map((pair) => [pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1)]),
  );
  for (const { name, value } of response.cookies) {
    if (value === '') jar.delete(name);
    else jar.set(name, value);
  }
  return [...jar].map(([name, value]) => `${name}=${value}`).join('; ');
}

/** A signed-in route that trusts the cache cookie (`/me` and platform-admin routes read the session fresh). */
const CACHED_ROUTE = '/api/v1/roles';

/** `user` as a browser after one request: the session cookie and the cache cookie that request set. */
async function withCachedSession(t: TestApp, user: TestUser): Promise<TestUser> {
  const first = await request(t, user, { method: 'GET', url: CACHED_ROUTE });
  expect(first.statusCode).toBe(200);
  expect(first.cookies.map((cookie) => cookie.name)).toContain(CACHE_COOKIE);
  return { ...user, cookie: browserCookies(user.cookie, first) };
}

async function revokeSessions(t: TestApp, user: TestUser) {
  await t.database.owner.deleteFrom('auth.sessions').where('userId', '=', user.id).execute();
}

describe('with the production window', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => {
    await t?.close();
  });

  it('a revoked session keeps working only from its cache cookie, never from the session cookie alone', async () => {
    const user = await signUp(t);
    const browser = await withCachedSession(t, user);
    await revokeSessions(t, user);
    // The copy with the cache cookie still works inside the window (the documented trade-off)…
    expect((await request(t, browser, { method: 'GET', url: CACHED_ROUTE })).statusCode).toBe(200);
    // …the session cookie alone is checked against the database: gone.
    expect((await request(t, user, { method: 'GET', url: CACHED_ROUTE })).statusCode).toBe(401);
  });

  it('a forged cache cookie beside a valid session cookie is checked against the database every time', async () => {
    const user = await signUp(t);
    const forged = Buffer.from(
      JSON.stringify({ session: {}, expiresAt: Date.now() + 86_400_000, signature: 'forged' }),
    ).toString('base64url');
    const attacker = { ...user, cookie: `${user.cookie}; ${CACHE_COOKIE}=${forged}` };
    expect((await request(t, attacker, { method: 'GET', url: CACHED_ROUTE })).statusCode).toBe(200);
    await revokeSessions(t, user);
    expect((await request(t, attacker, { method: 'GET', url: CACHED_ROUTE })).statusCode).toBe(401);
  });

  it("the shell's /me and platform-admin routes read the session fresh: revoked means gone at once", async () => {
    const user = await signUp(t);
    const browser = await withCachedSession(t, user);
    await revokeSessions(t, user);
    expect((await request(t, browser, { method: 'GET', url: '/api/v1/me' })).statusCode).toBe(401);
    expect((await request(t, browser, { method: 'GET', url: '/api/v1/dev/mailbox' })).statusCode).toBe(401);
  });

  it('a removed member loses the organization at once: membership is read in every request', async () => {
    const owner = await signUp(t);
    const orgId = await createOrganization(t, owner);
    const member = await withCachedSession(t, await addMember(t, orgId, 'member'));
    const agents = { method: 'GET' as const, url: `/api/v1/orgs/${orgId}/agents` };
    expect((await request(t, member, agents)).statusCode).toBe(200);
    await t.database.owner
      .deleteFrom('memberships')
      .where('organizationId', '=', orgId)
      .where('userId', '=', member.id)
      .execute();
    expect((await request(t, member, agents)).statusCode).toBe(404);
  });

  it('signing out clears the cache cookie with the session', async () => {
    const browser = await withCachedSession(t, await signUp(t));
    const signOut = await request(t, browser, { method: 'POST', url: '/api/auth/sign-out', payload: {} });
    expect(signOut.statusCode).toBe(200);
    const after = { ...browser, cookie: browserCookies(browser.cookie, signOut) };
    expect(after.cookie).not.toContain(CACHE_COOKIE);
    expect((await request(t, after, { method: 'GET', url: CACHED_ROUTE })).statusCode).toBe(401);
  });
});

describe('with a short window', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ sessionCacheSeconds: 1 });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('a revoked session loses access once the window has passed', async () => {
    const user = await signUp(t);
    let browser = await withCachedSession(t, user);
    await revokeSessions(t, user);
    // Polled, bounded: the window is 1 s; a loaded machine may take longer to answer, never 15 s.
    const deadline = Date.now() + 15_000;
    let status = 200;
    while (status === 200 && Date.now() < deadline) {
      const response = await request(t, browser, { method: 'GET', url: CACHED_ROUTE });
      status = response.statusCode;
      browser = { ...browser, cookie: browserCookies(browser.cookie, response) };
      if (status === 200) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(status).toBe(401);
  });

  it('renews the cache cookie from the database when it expires, so a live session stays cached', async () => {
    const user = await signUp(t);
    const browser = await withCachedSession(t, user);
    const deadline = Date.now() + 15_000;
    let renewed = false;
    while (!renewed && Date.now() < deadline) {
      const response = await request(t, browser, { method: 'GET', url: CACHED_ROUTE });
      expect(response.statusCode).toBe(200);
      renewed = response.cookies.some((cookie) => cookie.name === CACHE_COOKIE && cookie.value !== '');
      if (!renewed) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(renewed).toBe(true);
  });
});

describe('with the cache off', () => {
  it('a revoked session loses access at once', async () => {
    const t = await createTestApp({ sessionCacheSeconds: 0 });
    try {
      const user = await signUp(t);
      const first = await request(t, user, { method: 'GET', url: CACHED_ROUTE });
      expect(first.cookies.map((cookie) => cookie.name)).not.toContain(CACHE_COOKIE);
      const browser = { ...user, cookie: browserCookies(user.cookie, first) };
      await revokeSessions(t, user);
      expect((await request(t, browser, { method: 'GET', url: CACHED_ROUTE })).statusCode).toBe(401);
    } finally {
      await t.close();
    }
  });
});
