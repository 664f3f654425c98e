import { PERMISSIONS, PREDEFINED_ROLES } from '@switchboard/contracts/permissions';
import { PREDEFINED_ROLE_PERMISSIONS } from '@switchboard/core/access/catalog';
import { type FakeStripe, startFakeStripe } from '@switchboard/core/testing/fake-stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeLiveKitSip, startFakeLiveKitSip } from '../../worker/test/livekit/fake-livekit-sip.ts';
import { createKey, keyRequest } from './api-key-requests.ts';
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
  SAMPLE_REQUESTS,
  sampleRequest,
} from './route-samples.ts';

// Every predefined role × every permission-guarded endpoint, generated from the permission catalog and the
// routes the app declares: allowed exactly when the role holds the route's permission.
let t: TestApp;
let stripe: FakeStripe;
let livekitSip: FakeLiveKitSip;
let orgId: string;
let owner: TestUser;
const members = new Map<string, TestUser>();

beforeAll(async () => {
  stripe = await startFakeStripe();
  // Outbound phone calls dispatch the agent at LiveKit: a fake that accepts dispatches stands in.
  livekitSip = await startFakeLiveKitSip();
  t = await createTestApp({
    google: TEST_GOOGLE,
    livekit: {
      ...TEST_LIVEKIT,
      url: livekitSip.url,
      apiKey: livekitSip.apiKey,
      apiSecret: livekitSip.apiSecret,
    },
    phone: { sipUri: 'sip:matrix.sip.livekit.example' },
    stripe,
  });
  await signUp(t); // the first account becomes platform admin; the matrix is about organization roles
  owner = await signUp(t);
  orgId = await createOrganization(t, owner, 'Matrix Co');
  for (const role of PREDEFINED_ROLES) members.set(role, await addMember(t, orgId, role));
});
afterAll(async () => {
  await t.close();
  await stripe.close();
  await livekitSip.close();
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
      // One request (and one fixture) per guarded route: this grows with the API, beyond the default bound.
    }, 120_000);
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
  it('a key of an org_admin without tools:secrets: refused like a role without it', async () => {
    const key = await createKey(
      t,
      owner,
      orgId,
      PERMISSIONS.filter((permission) => permission !== 'tools:secrets'),
    );
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
      const response = await keyRequest(
        t,
        key.secret,
        build(`${tools.replace(':orgId', orgId)}/${created.json().id}`),
      );
      expect([action, response.statusCode]).toEqual([action, 403]);
    }
  });
});

// API keys meet the same authorize as members, with the key's permissions. Keys never mint keys, and never
// reach platform administration or account routes.
describe('role matrix: API keys', () => {
  const createsKeys = (route: { method: string; url: string }) =>
    route.method === 'POST' && route.url === '/api/v1/orgs/:orgId/api-keys';

  it('a key with every permission: every organization route but creating keys; no platform admin', async () => {
    const key = await createKey(t, owner, orgId, PERMISSIONS);
    const outcomes: Record<string, { expected: string; status: number }> = {};
    for (const route of routesWithAccess(t.app, ['org', 'platform-admin', 'user'])) {
      if (route.access.kind === 'user' && route.method !== 'GET') continue;
      const fixture = await arrangeFixture(t, orgId);
      const sample = SAMPLE_REQUESTS[routeKey(route)] ? sampleRequest(route, fixture) : null;
      const response = await keyRequest(t, key.secret, sample ?? { method: 'GET', url: route.url });
      const allowed = route.access.kind === 'org' && !createsKeys(route);
      outcomes[routeKey(route)] = {
        expected: allowed ? 'allowed' : 'forbidden',
        status: response.statusCode,
      };
    }
    expect(Object.keys(outcomes)).toContain('GET /api/v1/me');
    for (const [key, { expected, status }] of Object.entries(outcomes)) {
      if (expected === 'allowed') expect([key, status < 400]).toEqual([key, true]);
      else expect([key, status]).toEqual([key, 403]);
    }
    // One request and one fixture per guarded route, like the role tests above: the same bound.
  }, 120_000);

  // roles:manage guards no route of its own and tools:secrets only the presets route; both are checked
  // inside use cases, against the same narrowed membership (tools:secrets for keys: the describe above).
  const routePermissions = PERMISSIONS.filter(
    (permission) => permission !== 'roles:manage' && permission !== 'tools:secrets',
  );
  for (const permission of routePermissions) {
    it(`a key without ${permission}: 403 on every route that needs it`, async () => {
      const key = await createKey(
        t,
        owner,
        orgId,
        PERMISSIONS.filter((held) => held !== permission),
      );
      const routes = routesWithAccess(t.app, ['org']).filter(
        (route) => route.access.kind === 'org' && route.access.permission === permission,
      );
      expect(routes.length).toBeGreaterThan(0);
      for (const route of routes) {
        const response = await keyRequest(
          t,
          key.secret,
          sampleRequest(route, await arrangeFixture(t, orgId)),
        );
        expect([routeKey(route), response.statusCode]).toEqual([routeKey(route), 403]);
      }
    });
  }
});
