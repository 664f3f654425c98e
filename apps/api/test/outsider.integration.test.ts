import { PERMISSIONS } from '@switchboard/contracts/permissions';
import { type FakeStripe, startFakeStripe } from '@switchboard/core/testing/fake-stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKey, keyRequest } from './api-key-requests.ts';
import {
  createOrganization,
  createTestApp,
  request,
  signUp,
  TEST_GOOGLE,
  TEST_LIVEKIT,
  type TestApp,
  type TestUser,
} from './harness.ts';
import {
  arrangeFixture,
  missingSamples,
  routeKey,
  routesWithAccess,
  sampleRequest,
} from './route-samples.ts';

// For every organization-scoped endpoint: an org_admin of ANOTHER organization gets 404, and the victim's
// rows are exactly as before.
let t: TestApp;
let stripe: FakeStripe;
let victimOrg: string;
let outsider: TestUser;
let victim: TestUser;
let outsiderOrg: string;

beforeAll(async () => {
  stripe = await startFakeStripe();
  t = await createTestApp({ google: TEST_GOOGLE, livekit: TEST_LIVEKIT, stripe });
  victim = await signUp(t);
  victimOrg = await createOrganization(t, victim, 'Victim Co');
  outsider = await signUp(t);
  outsiderOrg = await createOrganization(t, outsider, 'Outsider Co');
});
afterAll(async () => {
  await t.close();
  await stripe.close();
});

async function snapshot(orgId: string) {
  const { owner } = t.database;
  return {
    organization: await owner.selectFrom('organizations').selectAll().where('id', '=', orgId).execute(),
    memberships: await owner
      .selectFrom('memberships')
      .selectAll()
      .where('organizationId', '=', orgId)
      .orderBy('userId')
      .execute(),
    invitations: await owner
      .selectFrom('invitations')
      .selectAll()
      .where('organizationId', '=', orgId)
      .orderBy('id')
      .execute(),
    emails: await owner.selectFrom('emailOutbox').select('id').where('organizationId', '=', orgId).execute(),
    agents: await owner
      .selectFrom('agents')
      .selectAll()
      .where('organizationId', '=', orgId)
      .orderBy('id')
      .execute(),
    agentVersions: await owner
      .selectFrom('agentVersions')
      .selectAll()
      .where('organizationId', '=', orgId)
      .orderBy('agentId')
      .orderBy('version')
      .execute(),
    tools: await owner
      .selectFrom('tools')
      .selectAll()
      .where('organizationId', '=', orgId)
      .orderBy('id')
      .execute(),
    toolTestRuns: await owner
      .selectFrom('toolTestRuns')
      .selectAll()
      .where('organizationId', '=', orgId)
      .orderBy('id')
      .execute(),
    calls: await owner
      .selectFrom('calls')
      .selectAll()
      .where('organizationId', '=', orgId)
      .orderBy('id')
      .execute(),
    apiKeys: await owner
      .selectFrom('apiKeys')
      .selectAll()
      .where('organizationId', '=', orgId)
      .orderBy('id')
      .execute(),
    billingSubscriptions: await owner
      .selectFrom('billingSubscriptions')
      .selectAll()
      .where('organizationId', '=', orgId)
      .execute(),
    toolSecrets: await owner
      .selectFrom('toolSecrets')
      .selectAll()
      .where('organizationId', '=', orgId)
      .orderBy('toolId')
      .execute(),
    webhookEndpoints: await owner
      .selectFrom('webhookEndpoints')
      .selectAll()
      .where('organizationId', '=', orgId)
      .orderBy('id')
      .execute(),
    webhookDeliveries: await owner
      .selectFrom('webhookDeliveries')
      .selectAll()
      .where('organizationId', '=', orgId)
      .orderBy('id')
      .execute(),
  };
}

describe('outsiders', () => {
  it('every organization route has a sample request', () => {
    expect(missingSamples(routesWithAccess(t.app, ['org']))).toEqual([]);
  });

  it('get 404 from every organization route and change nothing', async () => {
    const fixture = await arrangeFixture(t, victimOrg);
    const before = await snapshot(victimOrg);
    const statuses: Record<string, number> = {};
    for (const route of routesWithAccess(t.app, ['org'])) {
      statuses[routeKey(route)] = (await request(t, outsider, sampleRequest(route, fixture))).statusCode;
    }
    expect(Object.values(statuses).length).toBeGreaterThan(5);
    for (const [key, status] of Object.entries(statuses)) expect([key, status]).toEqual([key, 404]);
    expect(await snapshot(victimOrg)).toEqual(before);
  });

  it('with an API key of their own organization, get 404 from every route of another and change nothing', async () => {
    const key = await createKey(t, outsider, outsiderOrg, PERMISSIONS);
    const fixture = await arrangeFixture(t, victimOrg);
    const before = await snapshot(victimOrg);
    const statuses: Record<string, number> = {};
    for (const route of routesWithAccess(t.app, ['org'])) {
      statuses[routeKey(route)] = (await keyRequest(t, key.secret, sampleRequest(route, fixture))).statusCode;
    }
    expect(Object.values(statuses).length).toBeGreaterThan(5);
    for (const [key, status] of Object.entries(statuses)) expect([key, status]).toEqual([key, 404]);
    expect(await snapshot(victimOrg)).toEqual(before);
  });

  it("cannot act through a member's browser: every state-changing route refuses a foreign origin", async () => {
    const fixture = await arrangeFixture(t, victimOrg);
    const before = await snapshot(victimOrg);
    const statuses: Record<string, string> = {};
    // The victim is org_admin and platform admin: their cookie would open every route, from the right page.
    for (const route of routesWithAccess(t.app, ['org', 'platform-admin'])) {
      if (route.method === 'GET') continue;
      const response = await request(t, victim, {
        ...sampleRequest(route, fixture),
        headers: { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' },
      });
      statuses[routeKey(route)] = `${response.statusCode} ${response.json().error?.code}`;
    }
    expect(Object.keys(statuses).length).toBeGreaterThan(10);
    for (const [key, status] of Object.entries(statuses))
      expect([key, status]).toEqual([key, '403 FOREIGN_ORIGIN']);
    expect(await snapshot(victimOrg)).toEqual(before);
  });

  it('see nothing of other organizations in their own listings', async () => {
    const me = (await request(t, outsider, { method: 'GET', url: '/api/v1/me' })).json();
    expect(me.organizations.map((o: { name: string }) => o.name)).toEqual(['Outsider Co']);
    const outsiderOrg = me.organizations[0].id;
    const { members } = (
      await request(t, outsider, { method: 'GET', url: `/api/v1/orgs/${outsiderOrg}/members` })
    ).json();
    expect(members.map((m: { userId: string }) => m.userId)).toEqual([outsider.id]);
    const { invitations } = (
      await request(t, outsider, { method: 'GET', url: `/api/v1/orgs/${outsiderOrg}/invitations` })
    ).json();
    expect(invitations).toEqual([]);
    for (const listing of ['agents', 'tools'] as const) {
      const body = (
        await request(t, outsider, { method: 'GET', url: `/api/v1/orgs/${outsiderOrg}/${listing}` })
      ).json();
      expect([listing, body[listing]]).toEqual([listing, []]);
    }
  });

  it('cannot use invitation tokens they do not hold', async () => {
    const bogus = 'x'.repeat(43);
    expect((await request(t, null, { method: 'GET', url: `/api/v1/invitations/${bogus}` })).statusCode).toBe(
      404,
    );
    expect(
      (await request(t, outsider, { method: 'POST', url: `/api/v1/invitations/${bogus}/accept` })).statusCode,
    ).toBe(404);
  });
});
