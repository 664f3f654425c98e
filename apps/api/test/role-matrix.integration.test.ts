import { PREDEFINED_ROLES } from '@switchboard/contracts/permissions';
import { PREDEFINED_ROLE_PERMISSIONS } from '@switchboard/core/access/catalog';
import { type FakeStripe, startFakeStripe } from '@switchboard/core/testing/fake-stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addMember,
  createOrganization,
  createTestApp,
  request,
  signUp,
  TEST_GOOGLE,
  TEST_LIVEKIT,
  type TestApp,
  type TestUser,
  testSecret,
} from './harness.ts';
import {
  arrangeFixture,
  missingSamples,
  routeKey,
  routesWithAccess,
  sampleRequest,
} from './route-samples.ts';

// Every predefined role × every permission-guarded endpoint, generated from the permission catalog and the
// routes the app declares: allowed exactly when the role holds the route's permission.
let t: TestApp;
let stripe: FakeStripe;
let orgId: string;
let owner: TestUser;
const members = new Map<string, TestUser>();

beforeAll(async () => {
  stripe = await startFakeStripe();
  t = await createTestApp({ google: TEST_GOOGLE, livekit: TEST_LIVEKIT, stripe });
  await signUp(t); // the first account becomes platform admin; the matrix is about organization roles
  owner = await signUp(t);
  orgId = await createOrganization(t, owner, 'Matrix Co');
  for (const role of PREDEFINED_ROLES) members.set(role, await addMember(t, orgId, role));
});
afterAll(async () => {
  await t.close();
  await stripe.close();
});

describe('role matrix', () => {
  it('every guarded route has a sample request', () => {
    const guarded = routesWithAccess(t.app, ['org', 'platform-admin']);
    expect(guarded.length).toBeGreaterThan(10);
    expect(missingSamples(guarded)).toEqual([]);
  });

  for (const role of PREDEFINED_ROLES) {
    it(`${role}: allowed exactly where its permissions reach`, async () => {
      const permissions: readonly string[] = PREDEFINED_ROLE_PERMISSIONS[role];
      const outcomes: Record<string, { expected: string; status: number }> = {};
      for (const route of routesWithAccess(t.app, ['org', 'platform-admin'])) {
        const fixture = await arrangeFixture(t, orgId);
        const response = await request(t, members.get(role)!, sampleRequest(route, fixture));
        const allowed =
          route.access.kind === 'org' &&
          (route.access.permission === null || permissions.includes(route.access.permission));
        outcomes[routeKey(route)] = {
          expected: allowed ? 'allowed' : 'forbidden',
          status: response.statusCode,
        };
      }
      for (const [key, { expected, status }] of Object.entries(outcomes)) {
        if (expected === 'allowed') expect([key, status < 400]).toEqual([key, true]);
        else expect([key, status]).toEqual([key, 403]);
      }
    });
  }
});

// Secrets are governed by their own permission, checked inside PATCH and POST /tools (which need
// tools:write): setting one, and sending a tool that has one to another origin.
describe('role matrix: tools:secrets', () => {
  const tools = `/api/v1/orgs/:orgId/tools`;
  const config = (url: string) => ({
    headers: { authorization: 'Bearer {{secrets.api_key}}' },
    functions: [
      {
        name: 'lookup',
        description: 'Look something up',
        parameters: { type: 'object', properties: {} },
        method: 'GET',
        url,
      },
    ],
  });
  const secretActions: Record<
    string,
    (toolUrl: string) => { method: 'POST' | 'PATCH'; url: string; payload: object }
  > = {
    'set a secret': (toolUrl) => ({
      method: 'PATCH',
      url: toolUrl,
      payload: { secrets: { api_key: testSecret() } },
    }),
    'delete a secret': (toolUrl) => ({
      method: 'PATCH',
      url: toolUrl,
      payload: { secrets: { api_key: null } },
    }),
    'move the tool to another origin': (toolUrl) => ({
      method: 'PATCH',
      url: toolUrl,
      payload: { config: config('https://elsewhere.example.test/x') },
    }),
    'create a tool with a secret': () => ({
      method: 'POST',
      url: tools.replace(':orgId', orgId),
      payload: {
        kind: 'http',
        name: 'New',
        config: config('https://a.example.test/x'),
        secrets: { api_key: testSecret() },
      },
    }),
  };

  for (const role of PREDEFINED_ROLES) {
    it(`${role}: allowed exactly when it holds tools:write and tools:secrets`, async () => {
      const permissions: readonly string[] = PREDEFINED_ROLE_PERMISSIONS[role];
      const allowed = permissions.includes('tools:write') && permissions.includes('tools:secrets');
      for (const [action, build] of Object.entries(secretActions)) {
        const created = await request(t, owner, {
          method: 'POST',
          url: tools.replace(':orgId', orgId),
          payload: {
            kind: 'http',
            name: 'Keyed',
            config: config('https://api.example.test/x'),
            secrets: { api_key: testSecret() },
          },
        });
        const response = await request(
          t,
          members.get(role)!,
          build(`${tools.replace(':orgId', orgId)}/${created.json().id}`),
        );
        expect([action, response.statusCode < 400]).toEqual([action, allowed]);
        if (!allowed) expect([action, response.statusCode]).toEqual([action, 403]);
      }
    });
  }
});
