import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiError, createApiClient } from '../../web/src/lib/api.ts';
import { createKey } from './api-key-requests.ts';
import { createOrganization, createTestApp, signUp, type TestApp } from './harness.ts';

// The dashboard's typed client (generated from the OpenAPI document) against the real API, as a script
// uses it: over HTTP, with an API key instead of the session cookie.
let t: TestApp;
let orgId: string;
let baseUrl: string;
let secret: string;

beforeAll(async () => {
  t = await createTestApp();
  const admin = await signUp(t);
  orgId = await createOrganization(t, admin, 'Client Co');
  ({ secret } = await createKey(t, admin, orgId, ['agents:read', 'agents:write']));
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  baseUrl = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}/api/v1`;
});
afterAll(() => t.close());

const withKey = () => createApiClient({ baseUrl, headers: { authorization: `Bearer ${secret}` } });

describe('the typed API client', () => {
  it('resolves to the typed body of a route, with an API key', async () => {
    const switchboard = withKey();
    const params = { path: { orgId } };
    const created = await switchboard.POST('/orgs/{orgId}/agents', { params, body: { name: 'Reception' } });
    expect(created).toMatchObject({ name: 'Reception', version: 1, status: 'active' });
    const { agents } = await switchboard.GET('/orgs/{orgId}/agents', {
      params: { ...params, query: { status: 'active' } },
    });
    expect(agents.map((agent) => agent.id)).toContain(created.id);
    await expect(
      switchboard.POST('/orgs/{orgId}/agents/{agentId}/archive', {
        params: { path: { orgId, agentId: created.id } },
      }),
    ).resolves.toMatchObject({ id: created.id, status: 'archived' });
  });

  it('rejects with ApiError: the code, the message and a message per field', async () => {
    const refused = await withKey()
      .POST('/orgs/{orgId}/agents', { params: { path: { orgId } }, body: { name: '' } })
      .catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(ApiError);
    expect(refused).toMatchObject({ status: 400, code: 'VALIDATION_ERROR' });
    expect(Object.keys((refused as ApiError).fieldErrors)).toContain('name');

    const forbidden = await withKey()
      .GET('/orgs/{orgId}/members', { params: { path: { orgId } } })
      .catch((error: unknown) => error);
    expect(forbidden).toMatchObject({ status: 403, code: 'FORBIDDEN' });

    const anonymous = await createApiClient({ baseUrl })
      .GET('/orgs/{orgId}/agents', { params: { path: { orgId } } })
      .catch((error: unknown) => error);
    expect(anonymous).toMatchObject({ status: 401, code: 'UNAUTHENTICATED' });
  });

  it('rejects with NETWORK_ERROR when the API cannot be reached', async () => {
    const unreachable = createApiClient({ baseUrl: 'http://127.0.0.1:9/api/v1' });
    await expect(unreachable.GET('/config')).rejects.toMatchObject({ status: 0, code: 'NETWORK_ERROR' });
  });
});
