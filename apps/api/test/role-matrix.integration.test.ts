import { PREDEFINED_ROLES } from '@switchboard/contracts/permissions';
import { PREDEFINED_ROLE_PERMISSIONS } from '@switchboard/core/access/catalog';
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
let orgId: string;
const members = new Map<string, TestUser>();

beforeAll(async () => {
  t = await createTestApp({ google: TEST_GOOGLE, livekit: TEST_LIVEKIT });
  await signUp(t); // the first account becomes platform admin; the matrix is about organization roles
  const owner = await signUp(t);
  orgId = await createOrganization(t, owner, 'Matrix Co');
  for (const role of PREDEFINED_ROLES) members.set(role, await addMember(t, orgId, role));
});
afterAll(() => t.close());

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
