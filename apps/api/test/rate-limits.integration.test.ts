import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKey, keyRequest } from './api-key-requests.ts';
import {
  addMember,
  createOrganization,
  createTestApp,
  request,
  signUp,
  type TestApp,
  type TestUser,
} from './harness.ts';

// Small limits of its own: every other suite runs with generous ones (harness.ts). Windows are a minute long
// and nothing here waits for one to pass.
let t: TestApp;

beforeAll(async () => {
  t = await createTestApp({
    rateLimits: {
      userPerMinute: 5,
      apiKeyPerMinute: 4,
      anonymousPerMinute: 3,
      organizationPerMinute: 8,
      openApiImportPerMinute: 2,
    },
  });
});
afterAll(() => t.close());

function expectRateLimited(response: Awaited<ReturnType<typeof request>>, who: string) {
  expect(response.statusCode).toBe(429);
  expect(response.json().error.code).toBe('RATE_LIMITED');
  expect(response.json().error.message).toContain(who);
  const retryAfter = Number(response.headers['retry-after']);
  expect(Number.isInteger(retryAfter)).toBe(true);
  expect(retryAfter).toBeGreaterThan(0);
  expect(retryAfter).toBeLessThanOrEqual(60);
}

const me = (user: TestUser) => request(t, user, { method: 'GET', url: '/api/v1/me' });

describe('rate limits', () => {
  it('per signed-in user: past the limit 429 with Retry-After; another user is unaffected', async () => {
    const busy = await signUp(t);
    const other = await signUp(t);
    for (let i = 0; i < 5; i++) expect((await me(busy)).statusCode).toBe(200);
    expectRateLimited(await me(busy), 'your account');
    expect((await me(other)).statusCode).toBe(200);
  });

  it('per client address for requests nobody is signed in for', async () => {
    const config = (address: string) =>
      request(t, null, { method: 'GET', url: '/api/v1/config', headers: { 'x-forwarded-for': address } });
    for (let i = 0; i < 3; i++) expect((await config('10.77.0.1')).statusCode).toBe(200);
    expectRateLimited(await config('10.77.0.1'), 'your address');
    expect((await config('10.77.0.2')).statusCode).toBe(200);
  });

  it("per organization, counting only its members' requests; another organization is unaffected", async () => {
    const owner = await signUp(t);
    const orgId = await createOrganization(t, owner, 'Busy Co');
    const [first, second, third] = [
      await addMember(t, orgId, 'member'),
      await addMember(t, orgId, 'member'),
      await addMember(t, orgId, 'member'),
    ];
    const agents = (user: TestUser, org = orgId) =>
      request(t, user, { method: 'GET', url: `/api/v1/orgs/${org}/agents` });

    // An outsider's requests answer 404 and spend nothing of the organization's budget.
    const outsider = await signUp(t);
    for (let i = 0; i < 4; i++) expect((await agents(outsider)).statusCode).toBe(404);

    for (let i = 0; i < 4; i++) expect((await agents(first)).statusCode).toBe(200);
    for (let i = 0; i < 4; i++) expect((await agents(second)).statusCode).toBe(200);
    expectRateLimited(await agents(third), 'this organization');

    const elsewhere = await signUp(t);
    const otherOrg = await createOrganization(t, elsewhere, 'Quiet Co');
    expect((await agents(elsewhere, otherOrg)).statusCode).toBe(200);
  });

  it("per API key, apart from its creator's own budget and from the organization's other keys", async () => {
    const owner = await signUp(t);
    const orgId = await createOrganization(t, owner, 'Scripted Co');
    const busy = await createKey(t, owner, orgId, ['agents:read']);
    const other = await createKey(t, owner, orgId, ['agents:read']);
    const agents = (secret: string) =>
      keyRequest(t, secret, { method: 'GET', url: `/api/v1/orgs/${orgId}/agents` });
    for (let i = 0; i < 4; i++) expect((await agents(busy.secret)).statusCode).toBe(200);
    expectRateLimited(await agents(busy.secret), 'with this API key');
    expect((await agents(other.secret)).statusCode).toBe(200);
    expect((await me(owner)).statusCode).toBe(200);
  });

  it('OpenAPI import previews have a stricter budget per organization', async () => {
    const preview = (user: TestUser, orgId: string) =>
      request(t, user, {
        method: 'POST',
        url: `/api/v1/orgs/${orgId}/tools/openapi-preview`,
        payload: { document: 'openapi: 3.0.3\ninfo: {title: T, version: "1"}\npaths: {}\n' },
      });
    const admin = await signUp(t);
    const orgId = await createOrganization(t, admin, 'Importers');
    const colleague = await addMember(t, orgId, 'org_admin');

    for (let i = 0; i < 2; i++) expect((await preview(admin, orgId)).statusCode).toBe(200);
    expectRateLimited(await preview(admin, orgId), 'import OpenAPI documents');
    // The budget is the organization's: a colleague with requests to spare meets the same limit.
    expectRateLimited(await preview(colleague, orgId), 'import OpenAPI documents');
    // Other routes of the organization keep working.
    const tools = await request(t, colleague, { method: 'GET', url: `/api/v1/orgs/${orgId}/tools` });
    expect(tools.statusCode).toBe(200);

    const elsewhere = await signUp(t);
    const otherOrg = await createOrganization(t, elsewhere, 'Other importers');
    expect((await preview(elsewhere, otherOrg)).statusCode).toBe(200);
  });
});
