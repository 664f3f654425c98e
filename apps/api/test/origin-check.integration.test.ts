import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  authHeaders,
  createOrganization,
  createTestApp,
  PUBLIC_URL,
  signUp,
  TEST_LIVEKIT,
  type TestApp,
  type TestUser,
} from './harness.ts';

// Cross-site request forgery: a page on another site makes the victim's browser send a state-changing request
// with the victim's cookie. Requests are built with `app.inject` directly, header by header, as browsers
// and scripts would send them.
let t: TestApp;
let admin: TestUser;
let orgId: string;

beforeAll(async () => {
  t = await createTestApp({ livekit: TEST_LIVEKIT });
  admin = await signUp(t);
  orgId = await createOrganization(t, admin, 'Original Name');
});
afterAll(() => t.close());

const EVIL = 'https://evil.example';

function rename(headers: Record<string, string>) {
  return t.app.inject({
    method: 'PATCH',
    url: `/api/v1/orgs/${orgId}`,
    headers,
    payload: { name: 'Renamed by someone' },
  });
}

async function organizationName() {
  const row = await t.database.owner
    .selectFrom('organizations')
    .select('name')
    .where('id', '=', orgId)
    .executeTakeFirstOrThrow();
  return row.name;
}

describe('state-changing requests from a browser on another origin', () => {
  it('a foreign Origin is refused with 403 naming it, and nothing changes', async () => {
    const response = await rename({ cookie: admin.cookie, origin: EVIL });
    expect(response.statusCode).toBe(403);
    expect(response.headers['content-type']).toMatch(/application\/json/);
    expect(response.json().error.code).toBe('FOREIGN_ORIGIN');
    expect(response.json().error.message).toContain(EVIL);
    expect(response.json().error.message).toContain(PUBLIC_URL);
    expect(await organizationName()).toBe('Original Name');
  });

  it('the opaque Origin "null" (sandboxed frames, data: pages) is foreign too', async () => {
    const response = await rename({ cookie: admin.cookie, origin: 'null' });
    expect(response.statusCode).toBe(403);
    expect(response.json().error.code).toBe('FOREIGN_ORIGIN');
  });

  it('a cookie without an Origin header is refused', async () => {
    const response = await rename({ cookie: admin.cookie });
    expect(response.statusCode).toBe(403);
    expect(response.json().error.message).toContain('Origin');
    expect(await organizationName()).toBe('Original Name');
  });

  it('Sec-Fetch-Site cross-site or same-site is refused, whatever the Origin says', async () => {
    for (const site of ['cross-site', 'same-site']) {
      const response = await rename({ cookie: admin.cookie, origin: PUBLIC_URL, 'sec-fetch-site': site });
      expect([site, response.statusCode]).toEqual([site, 403]);
      expect(response.json().error.message).toContain(site);
    }
    expect(await organizationName()).toBe('Original Name');
  });

  it('the dashboard itself (same origin) goes through', async () => {
    const response = await rename({
      cookie: admin.cookie,
      origin: PUBLIC_URL,
      'sec-fetch-site': 'same-origin',
    });
    expect(response.statusCode).toBe(200);
    expect(await organizationName()).toBe('Renamed by someone');
  });

  it('reads are not affected', async () => {
    const response = await t.app.inject({
      method: 'GET',
      url: `/api/v1/orgs/${orgId}`,
      headers: { cookie: admin.cookie, origin: EVIL, 'sec-fetch-site': 'cross-site' },
    });
    expect(response.statusCode).toBe(200);
  });

  it('a route reached through a percent-encoded path is guarded all the same', async () => {
    const response = await t.app.inject({
      method: 'PATCH',
      url: `/api/%761/orgs/${orgId}`,
      headers: { cookie: admin.cookie, origin: EVIL },
      payload: { name: 'Encoded' },
    });
    expect(response.statusCode).toBe(403);
    expect(await organizationName()).not.toBe('Encoded');
  });
});

describe('clients that are not browsers', () => {
  it('without a cookie or Origin, pass the check and meet authentication: 401, not 403', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/v1/organizations',
      payload: { name: 'Scripted' },
    });
    expect(response.statusCode).toBe(401);
    expect(response.json().error.code).toBe('UNAUTHENTICATED');
  });

  it('with a cookie, send the dashboard origin like the dashboard does', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/v1/organizations',
      headers: { cookie: admin.cookie, origin: PUBLIC_URL },
      payload: { name: 'Scripted' },
    });
    expect(response.statusCode).toBe(201);
  });

  it('webhooks are outside the rule (they are proved by their signature)', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/webhooks/livekit',
      headers: { origin: EVIL, 'content-type': 'application/webhook+json' },
      payload: '{}',
    });
    expect(response.statusCode).toBe(401);
    expect(response.json().error.code).toBe('INVALID_SIGNATURE');
  });
});

describe("better-auth's routes under /api/auth", () => {
  it('sign-in from a foreign page is refused before better-auth sees it', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/auth/sign-in/email',
      headers: { ...authHeaders(), origin: EVIL },
      payload: { email: admin.email, password: 'correct horse battery staple' },
    });
    expect(response.statusCode).toBe(403);
    expect(response.json().error.code).toBe('FOREIGN_ORIGIN');
    expect(response.headers['set-cookie']).toBeUndefined();
  });

  it('a cross-site password-reset request sends no email', async () => {
    const before = await t.database.owner.selectFrom('emailOutbox').select('id').execute();
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/auth/request-password-reset',
      headers: { ...authHeaders(), 'sec-fetch-site': 'cross-site' },
      payload: { email: admin.email, redirectTo: `${PUBLIC_URL}/reset-password` },
    });
    expect(response.statusCode).toBe(403);
    expect(await t.database.owner.selectFrom('emailOutbox').select('id').execute()).toHaveLength(
      before.length,
    );
  });

  it('sign-out with the cookie but from another origin is refused; from the dashboard it works', async () => {
    const user = await signUp(t);
    const forged = await t.app.inject({
      method: 'POST',
      url: '/api/auth/sign-out',
      headers: { cookie: user.cookie, origin: EVIL },
    });
    expect(forged.statusCode).toBe(403);
    const stillSignedIn = await t.app.inject({
      method: 'GET',
      url: '/api/v1/me',
      headers: { cookie: user.cookie },
    });
    expect(stillSignedIn.statusCode).toBe(200);
    const real = await t.app.inject({
      method: 'POST',
      url: '/api/auth/sign-out',
      headers: { cookie: user.cookie, origin: PUBLIC_URL, 'sec-fetch-site': 'same-origin' },
    });
    expect(real.statusCode).toBe(200);
  });
});
