import { PERMISSIONS } from '@switchboard/contracts/permissions';
import { withTenant } from '@switchboard/db/tenant';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../src/logger.ts';
import { createKey, keyRequest } from './api-key-requests.ts';
import {
  addMember,
  createOrganization,
  createTestApp,
  request,
  signUp,
  TEST_LIVEKIT,
  type TestApp,
  type TestUser,
} from './harness.ts';
import { arrangeFixture } from './route-samples.ts';

let t: TestApp;
let platformAdmin: TestUser;
let orgId: string;
const logLines: string[] = [];

beforeAll(async () => {
  t = await createTestApp({
    livekit: TEST_LIVEKIT,
    logger: createLogger('trace', { write: (line: string) => void logLines.push(line) }),
  });
  platformAdmin = await signUp(t); // the first account: platform admin, and org_admin of orgId
  orgId = await createOrganization(t, platformAdmin, 'Keys Co');
});
afterAll(() => t.close());

const agentsUrl = () => `/api/v1/orgs/${orgId}/agents`;

describe('API keys', () => {
  it('show the secret once, list without it, and work from a script (no cookie, no Origin)', async () => {
    const created = await request(t, platformAdmin, {
      method: 'POST',
      url: `/api/v1/orgs/${orgId}/api-keys`,
      payload: { name: 'CRM sync', permissions: ['agents:read', 'agents:write'] },
    });
    expect(created.statusCode).toBe(201);
    expect(created.headers['cache-control']).toBe('no-store');
    const { apiKey, secret } = created.json();
    expect(secret).toMatch(/^sb_key_[a-z2-7]{12}_[A-Za-z0-9_-]{43}$/);
    expect(secret.startsWith(`${apiKey.prefix}_`)).toBe(true);
    expect(apiKey).toMatchObject({ name: 'CRM sync', expiresAt: null, lastUsedAt: null, revokedAt: null });

    const made = await keyRequest(t, secret, {
      method: 'POST',
      url: agentsUrl(),
      payload: { name: 'By key' },
    });
    expect(made.statusCode).toBe(201);
    expect((await keyRequest(t, secret, { method: 'GET', url: agentsUrl() })).statusCode).toBe(200);

    const list = await request(t, platformAdmin, { method: 'GET', url: `/api/v1/orgs/${orgId}/api-keys` });
    expect(list.body).not.toContain(secret);
    expect(list.body).not.toContain(secret.slice(-43));
    const listed = list.json().apiKeys.find((key: { id: string }) => key.id === apiKey.id);
    expect(listed.lastUsedAt).not.toBeNull();
    expect(listed.createdBy).toEqual({ name: platformAdmin.name, email: platformAdmin.email });
    const stored = await t.database.owner
      .selectFrom('apiKeys')
      .selectAll()
      .where('id', '=', apiKey.id)
      .executeTakeFirstOrThrow();
    expect(stored.keyHash.toString('hex')).not.toContain(Buffer.from(secret).toString('hex'));
    expect(stored.createdBy).toBe(platformAdmin.id);
    // The API's tenant login cannot read a hash back, even in the key's own organization.
    await expect(
      withTenant(t.database.app, { orgId }, (tx) => tx.selectFrom('apiKeys').select('keyHash').execute()),
    ).rejects.toThrow(/permission denied/);
    // Nothing the API logged (at trace level, headers and all) carries the secret.
    expect(logLines.join('\n')).toContain(agentsUrl());
    expect(logLines.join('\n')).not.toContain(secret.slice(-43));
  });

  it('refuse expired, revoked, mistyped and malformed keys with 401', async () => {
    const expiring = await createKey(t, platformAdmin, orgId, ['agents:read'], {
      expiresAt: new Date(Date.now() + 86_400_000).toISOString(),
    });
    expect((await keyRequest(t, expiring.secret, { method: 'GET', url: agentsUrl() })).statusCode).toBe(200);
    await t.database.owner
      .updateTable('apiKeys')
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where('id', '=', expiring.id)
      .execute();
    const expired = await keyRequest(t, expiring.secret, { method: 'GET', url: agentsUrl() });
    expect([expired.statusCode, expired.json().error.code]).toEqual([401, 'UNAUTHENTICATED']);

    const revoking = await createKey(t, platformAdmin, orgId, ['agents:read']);
    const revoked = await request(t, platformAdmin, {
      method: 'DELETE',
      url: `/api/v1/orgs/${orgId}/api-keys/${revoking.id}`,
    });
    expect(revoked.statusCode).toBe(200);
    expect(revoked.json().revokedAt).not.toBeNull();
    expect((await keyRequest(t, revoking.secret, { method: 'GET', url: agentsUrl() })).statusCode).toBe(401);

    const valid = await createKey(t, platformAdmin, orgId, ['agents:read']);
    const mistyped = `${valid.secret.slice(0, -1)}${valid.secret.endsWith('A') ? 'B' : 'A'}`;
    expect((await keyRequest(t, mistyped, { method: 'GET', url: agentsUrl() })).statusCode).toBe(401);
    expect((await keyRequest(t, 'not-a-key', { method: 'GET', url: agentsUrl() })).statusCode).toBe(401);
    const basic = await t.app.inject({
      method: 'GET',
      url: agentsUrl(),
      headers: { authorization: 'Basic dXNlcjpwYXNz' },
    });
    expect(basic.statusCode).toBe(401);
  });

  it('never hold more than their creator: not at creation, not after a demotion, not after removal', async () => {
    const member = await addMember(t, orgId, 'member');
    const refused = await request(t, member, {
      method: 'POST',
      url: `/api/v1/orgs/${orgId}/api-keys`,
      payload: { name: 'Mine', permissions: ['agents:read'] },
    });
    expect(refused.statusCode).toBe(403);

    await t.database.owner
      .insertInto('roles')
      .values({ key: 'key_maker', name: 'Key maker', permissions: ['api_keys:manage', 'agents:read'] })
      .execute();
    const maker = await addMember(t, orgId, 'key_maker');
    const escalating = await request(t, maker, {
      method: 'POST',
      url: `/api/v1/orgs/${orgId}/api-keys`,
      payload: { name: 'Too much', permissions: ['agents:read', 'agents:write', 'billing:manage'] },
    });
    expect(escalating.statusCode).toBe(403);
    expect(escalating.json().error.message).toContain('agents:write, billing:manage');

    const admin = await addMember(t, orgId, 'org_admin');
    const key = await createKey(t, admin, orgId, ['billing:read', 'agents:read']);
    const billing = `/api/v1/orgs/${orgId}/billing/ledger`;
    expect((await keyRequest(t, key.secret, { method: 'GET', url: billing })).statusCode).toBe(200);
    await t.database.owner
      .updateTable('memberships')
      .set({ role: 'member' })
      .where('userId', '=', admin.id)
      .execute();
    expect((await keyRequest(t, key.secret, { method: 'GET', url: billing })).statusCode).toBe(403);
    expect((await keyRequest(t, key.secret, { method: 'GET', url: agentsUrl() })).statusCode).toBe(200);
    await t.database.owner.deleteFrom('memberships').where('userId', '=', admin.id).execute();
    expect((await keyRequest(t, key.secret, { method: 'GET', url: agentsUrl() })).statusCode).toBe(401);
  });

  it('cannot create keys, reach account routes or platform administration, even with every permission', async () => {
    const key = await createKey(t, platformAdmin, orgId, PERMISSIONS);
    const minted = await keyRequest(t, key.secret, {
      method: 'POST',
      url: `/api/v1/orgs/${orgId}/api-keys`,
      payload: { name: 'Child', permissions: ['agents:read'] },
    });
    expect(minted.statusCode).toBe(403);
    // Listing and revoking stay possible with api_keys:manage: revoking only takes power away.
    expect(
      (await keyRequest(t, key.secret, { method: 'GET', url: `/api/v1/orgs/${orgId}/api-keys` })).statusCode,
    ).toBe(200);
    for (const url of ['/api/v1/me', '/api/v1/admin/users', '/api/v1/admin/organizations']) {
      expect([url, (await keyRequest(t, key.secret, { method: 'GET', url })).statusCode]).toEqual([url, 403]);
    }
    const created = await keyRequest(t, key.secret, {
      method: 'POST',
      url: '/api/v1/organizations',
      payload: { name: 'Made by a key' },
    });
    expect(created.statusCode).toBe(403);
  });

  it('record the key that started a call', async () => {
    const key = await createKey(t, platformAdmin, orgId, ['calls:start']);
    const { agentId } = await arrangeFixture(t, orgId);
    const started = await keyRequest(t, key.secret, {
      method: 'POST',
      url: `/api/v1/orgs/${orgId}/agents/${agentId}/calls/web`,
    });
    expect(started.statusCode).toBe(201);
    const call = await t.database.owner
      .selectFrom('calls')
      .select(['startedBy', 'startedByApiKeyId'])
      .where('id', '=', started.json().callId)
      .executeTakeFirstOrThrow();
    expect(call).toEqual({ startedBy: platformAdmin.id, startedByApiKeyId: key.id });
  });

  it('with a cookie as well: the key decides, and the cookie still needs the Origin', async () => {
    const key = await createKey(t, platformAdmin, orgId, ['agents:read']);
    const both = { authorization: `Bearer ${key.secret}`, cookie: platformAdmin.cookie };
    const write = await t.app.inject({
      method: 'POST',
      url: agentsUrl(),
      headers: { ...both, origin: 'http://localhost:3000' },
      payload: { name: 'Cookie and key' },
    });
    expect([write.statusCode, write.json().error.code]).toEqual([403, 'FORBIDDEN']);
    const noOrigin = await t.app.inject({
      method: 'POST',
      url: agentsUrl(),
      headers: both,
      payload: { name: 'x' },
    });
    expect([noOrigin.statusCode, noOrigin.json().error.code]).toEqual([403, 'FOREIGN_ORIGIN']);
  });

  it('are declared in the OpenAPI document on organization routes only', async () => {
    const document = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    expect(document.components.securitySchemes.apiKey).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(document.paths['/api/v1/orgs/{orgId}/agents'].get.security).toEqual([
      { session: [] },
      { apiKey: [] },
    ]);
    expect(document.paths['/api/v1/me'].get.security).toBeUndefined();
  });
});
