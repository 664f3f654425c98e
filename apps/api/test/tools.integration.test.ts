import { readFileSync } from 'node:fs';
import { toolSecretContext } from '@switchboard/core/tools/write-tool-secrets';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addMember,
  createOrganization,
  createTestApp,
  request,
  signUp,
  type TestApp,
  type TestUser,
  testSecret,
} from './harness.ts';

let t: TestApp;
let admin: TestUser;
let orgId: string;
let base: string;

beforeAll(async () => {
  t = await createTestApp();
  admin = await signUp(t);
  orgId = await createOrganization(t, admin, 'Acme Dental');
  base = `/api/v1/orgs/${orgId}/tools`;
});
afterAll(() => t.close());

const call = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: object) =>
  request(t, admin, { method, url, ...(payload && { payload }) });

const lookupOrder = {
  name: 'lookup_order',
  description: 'Find an order by its number',
  parameters: { type: 'object', properties: { order_id: { type: 'string' } }, required: ['order_id'] },
  method: 'GET',
  url: 'https://shop.example.test/orders/{{order_id}}',
};

async function storedSecret(toolId: string, name: string) {
  const row = await t.database.owner
    .selectFrom('toolSecrets')
    .select('ciphertext')
    .where('toolId', '=', toolId)
    .where('name', '=', name)
    .executeTakeFirst();
  return row && t.workerSecretBox.open(row.ciphertext, toolSecretContext(toolId, name));
}

describe('the tool catalog', () => {
  it('lists every kind with its functions, and says why Google is unavailable', async () => {
    const { kinds } = (await call('GET', '/api/v1/tool-catalog')).json();
    expect(kinds.map((kind: { kind: string }) => kind.kind)).toEqual([
      'google_calendar',
      'http',
      'call_control',
      'mcp',
    ]);
    const calendar = kinds[0];
    expect(calendar.available).toBe(false);
    expect(calendar.unavailableReason).toMatch(/GOOGLE_CLIENT_ID/);
    expect(calendar.functions.map((fn: { name: string }) => fn.name)).toEqual(
      expect.arrayContaining(['check_availability', 'create_event', 'cancel_event']),
    );
  });
});

describe('an HTTP tool', () => {
  let toolId: string;
  const apiKey = testSecret();

  it('is created with its secret sealed, and only reported as configured', async () => {
    const response = await call('POST', base, {
      kind: 'http',
      name: 'Shop',
      config: { headers: { authorization: 'Bearer {{secrets.api_key}}' }, functions: [lookupOrder] },
      secrets: { api_key: apiKey },
    });
    expect(response.statusCode).toBe(201);
    const tool = response.json();
    toolId = tool.id;
    expect(tool).toMatchObject({
      kind: 'http',
      status: 'ready',
      secrets: [{ name: 'api_key', configured: true }],
      functions: [{ name: 'lookup_order', description: 'Find an order by its number' }],
    });
    expect(tool.config.functions[0]).toMatchObject({ timeoutMs: 10_000, query: [], headers: {} });
    expect(await storedSecret(toolId, 'api_key')).toBe(apiKey);
    const raw = await t.database.owner
      .selectFrom('toolSecrets')
      .select('ciphertext')
      .executeTakeFirstOrThrow();
    expect(raw.ciphertext).not.toContain(apiKey);
  });

  it('replaces and deletes secrets, and never shows them in listings', async () => {
    const replacement = testSecret();
    const updated = (
      await call('PATCH', `${base}/${toolId}`, { secrets: { api_key: replacement, extra: testSecret() } })
    ).json();
    expect(updated.secrets).toEqual([
      { name: 'api_key', configured: true },
      { name: 'extra', configured: true },
    ]);
    expect(await storedSecret(toolId, 'api_key')).toBe(replacement);
    const removed = (await call('PATCH', `${base}/${toolId}`, { secrets: { extra: null } })).json();
    expect(removed.secrets).toEqual([{ name: 'api_key', configured: true }]);
    const { tools } = (await call('GET', base)).json();
    expect(tools).toHaveLength(1);
  });

  it('refuses, by name, a secret sent in a header that a header cannot carry, and keeps the one stored', async () => {
    const before = await storedSecret(toolId, 'api_key');
    for (const value of [`${testSecret()}\n`, `${testSecret()}\u2028`, 'tök€n']) {
      const response = await call('PATCH', `${base}/${toolId}`, { secrets: { api_key: value } });
      expect(response.statusCode).toBe(400);
      expect(response.json().error.details).toEqual([expect.objectContaining({ path: 'secrets.api_key' })]);
      expect(JSON.stringify(response.json())).not.toContain(value);
    }
    expect(await storedSecret(toolId, 'api_key')).toBe(before);
    // A secret no header carries may hold anything (a body template's multi-line key, say).
    const unused = await call('PATCH', `${base}/${toolId}`, { secrets: { pem: 'line one\nline two' } });
    expect(unused.statusCode).toBe(200);
    await call('PATCH', `${base}/${toolId}`, { secrets: { pem: null } });
  });

  it('checks the secrets against the configuration sent with them: a bearer token from the auth scheme', async () => {
    const response = await call('POST', base, {
      kind: 'http',
      name: 'Bearer',
      config: { auth: { type: 'bearer', secret: 'token' }, functions: [lookupOrder] },
      secrets: { token: 'pasted with its newline\r\n' },
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.details).toEqual([expect.objectContaining({ path: 'secrets.token' })]);
  });

  it('checks a new configuration against its kind, naming the field', async () => {
    const response = await call('PATCH', `${base}/${toolId}`, {
      config: { functions: [{ ...lookupOrder, name: 'has spaces' }] },
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.details).toEqual([
      expect.objectContaining({ path: 'config.functions.0.name' }),
    ]);
  });

  it('refuses a function with an invalid name or method on creation', async () => {
    const response = await call('POST', base, {
      kind: 'http',
      name: 'Broken',
      config: { functions: [{ ...lookupOrder, method: 'FETCH' }] },
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.details[0].path).toBe('config.functions.0.method');
  });

  it('is deleted with its secrets', async () => {
    expect((await call('DELETE', `${base}/${toolId}`)).statusCode).toBe(204);
    expect((await call('GET', `${base}/${toolId}`)).statusCode).toBe(404);
    expect(await storedSecret(toolId, 'api_key')).toBeUndefined();
  });
});

describe('secrets bound to where they were given for', () => {
  let member: TestUser;
  const shop = (url: string) => ({
    headers: { authorization: 'Bearer {{secrets.api_key}}' },
    functions: [{ ...lookupOrder, url }],
  });
  const createShop = async () => {
    const response = await call('POST', base, {
      kind: 'http',
      name: 'Shop',
      config: shop('https://shop.example.test/orders/{{order_id}}'),
      secrets: { api_key: testSecret() },
    });
    expect(response.statusCode).toBe(201);
    return response.json().id as string;
  };
  const asMember = (method: 'POST' | 'PATCH', url: string, payload: object) =>
    request(t, member, { method, url, payload });

  beforeAll(async () => {
    member = await addMember(t, orgId, 'member');
  });

  it('drops the secrets when the configuration sends requests to another origin, and says which', async () => {
    for (const elsewhere of [
      'https://attacker.example/orders/{{order_id}}',
      'http://shop.example.test/orders/{{order_id}}',
      'https://shop.example.test:8443/orders/{{order_id}}',
    ]) {
      const toolId = await createShop();
      const response = await call('PATCH', `${base}/${toolId}`, { config: shop(elsewhere) });
      expect(response.statusCode).toBe(200);
      expect(response.json()).toMatchObject({
        droppedSecrets: ['api_key'],
        secrets: [],
        missingSecrets: ['api_key'],
      });
      expect(await storedSecret(toolId, 'api_key')).toBeUndefined();
    }
  });

  it('keeps them for a change within the same origins, and keeps those given again with the move', async () => {
    const toolId = await createShop();
    const samePlace = await call('PATCH', `${base}/${toolId}`, {
      config: shop('https://SHOP.example.test:443/v2/orders/{{order_id}}'),
    });
    expect(samePlace.json()).toMatchObject({ droppedSecrets: [], secrets: [{ name: 'api_key' }] });
    const fresh = testSecret();
    const moved = await call('PATCH', `${base}/${toolId}`, {
      config: shop('https://new-shop.example.test/orders/{{order_id}}'),
      secrets: { api_key: fresh },
    });
    expect(moved.json()).toMatchObject({
      droppedSecrets: [],
      missingSecrets: [],
      secrets: [{ name: 'api_key' }],
    });
    expect(await storedSecret(toolId, 'api_key')).toBe(fresh);
  });

  it('binds secrets set before the first function to the first origins (which a member may not choose)', async () => {
    const created = await call('POST', base, {
      kind: 'http',
      name: 'Empty',
      config: { functions: [] },
      secrets: { api_key: testSecret() },
    });
    const toolId = created.json().id;
    const byMember = await asMember('PATCH', `${base}/${toolId}`, {
      config: shop('https://member.example/x'),
    });
    expect(byMember.statusCode).toBe(403);
    const first = await call('PATCH', `${base}/${toolId}`, { config: shop(lookupOrder.url) });
    expect(first.json()).toMatchObject({
      droppedSecrets: [],
      missingSecrets: [],
      secrets: [{ name: 'api_key' }],
    });
  });

  it('refuses a placeholder in the host, which would let an argument choose the server', async () => {
    const toolId = await createShop();
    const response = await call('PATCH', `${base}/${toolId}`, {
      config: shop('https://{{order_id}}/orders'),
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.details).toEqual([
      expect.objectContaining({ path: 'config.functions.0.url' }),
    ]);
  });

  it('a member (no tools:secrets) cannot set secrets or move a tool that has some, and the tool is unchanged', async () => {
    const toolId = await createShop();
    const before = (await call('GET', `${base}/${toolId}`)).json();
    const attempts = [
      { secrets: { api_key: 'mine' } },
      { secrets: { api_key: null } },
      { config: shop('https://member.example/collect') },
      {
        config: {
          ...shop(lookupOrder.url),
          functions: [lookupOrder, { ...lookupOrder, name: 'x', url: 'https://member.example/x' }],
        },
      },
    ];
    for (const payload of attempts) {
      const response = await asMember('PATCH', `${base}/${toolId}`, payload);
      expect([payload, response.statusCode]).toEqual([payload, 403]);
      expect(response.json().error.message).toMatch(/tools:secrets/);
    }
    const created = await asMember('POST', base, {
      kind: 'http',
      name: 'Mine',
      config: shop(lookupOrder.url),
      secrets: { api_key: 'mine' },
    });
    expect(created.statusCode).toBe(403);
    const after = (await call('GET', `${base}/${toolId}`)).json();
    expect(after).toEqual(before);
    expect(await storedSecret(toolId, 'api_key')).toBeDefined();
  });

  it('a member may still rename it and change it within its origins', async () => {
    const toolId = await createShop();
    const renamed = await asMember('PATCH', `${base}/${toolId}`, {
      name: 'Shop (member)',
      config: shop('https://shop.example.test/v3/orders/{{order_id}}'),
    });
    expect(renamed.statusCode).toBe(200);
    expect(renamed.json()).toMatchObject({
      name: 'Shop (member)',
      droppedSecrets: [],
      secrets: [{ name: 'api_key' }],
    });
  });
});

describe('a Google Calendar tool', () => {
  it('cannot be created where Google is not configured, and says which settings enable it', async () => {
    const response = await call('POST', base, { kind: 'google_calendar', name: 'Front desk calendar' });
    expect(response.statusCode).toBe(409);
    expect(response.json().error).toMatchObject({
      code: 'GOOGLE_NOT_CONFIGURED',
      message: expect.stringMatching(/GOOGLE_CLIENT_ID/),
    });
  });

  it('takes no secrets by hand (one made while Google was configured)', async () => {
    const tool = await t.database.owner
      .insertInto('tools')
      .values({
        organizationId: base.split('/')[4]!,
        kind: 'google_calendar',
        name: 'Front desk calendar',
        config: JSON.stringify({}),
        status: 'needs_connection',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const response = await call('PATCH', `${base}/${tool.id}`, { secrets: { refresh_token: testSecret() } });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.message).toMatch(/connecting a Google account/);
  });
});

describe('importing an OpenAPI document', () => {
  const petstore = readFileSync(
    new URL('../../../packages/tools/test/fixtures/petstore.yaml', import.meta.url),
    'utf8',
  );

  it('previews every operation as a function, then creates a tool from the chosen ones', async () => {
    const preview = await call('POST', `${base}/openapi-preview`, { document: petstore });
    expect(preview.statusCode).toBe(200);
    const { operations, baseUrl, title } = preview.json();
    expect(title).toBeTruthy();
    expect(baseUrl).toMatch(/^https?:\/\//);
    expect(operations.length).toBeGreaterThan(3);
    expect(JSON.stringify(operations)).not.toContain('$ref');

    const chosen = operations.slice(0, 2).map((operation: { function: unknown }) => operation.function);
    const created = await call('POST', base, { kind: 'http', name: title, config: { functions: chosen } });
    expect(created.statusCode).toBe(201);
    expect(created.json().functions.map((fn: { name: string }) => fn.name)).toEqual(
      chosen.map((fn: { name: string }) => fn.name),
    );
  });

  it('creates a tool with the authentication found, its secrets sealed and the missing ones named', async () => {
    const document = JSON.stringify({
      openapi: '3.0.3',
      info: { title: 'Basic', version: '1' },
      servers: [{ url: 'https://basic.example' }],
      security: [{ basic: [] }],
      components: { securitySchemes: { basic: { type: 'http', scheme: 'basic' } } },
      paths: { '/ping': { get: { responses: { 200: { description: 'OK' } } } } },
    });
    const preview = (await call('POST', `${base}/openapi-preview`, { document })).json();
    expect(preview.format).toBe('OpenAPI 3.0');
    const [found] = preview.authentication;
    expect(found.secrets.map((secret: { name: string }) => secret.name)).toEqual(['username', 'password']);
    const created = await call('POST', base, {
      kind: 'http',
      name: 'Basic',
      config: { auth: found.auth, functions: [preview.operations[0].function] },
      secrets: { username: 'ann' },
    });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({
      config: { auth: { type: 'basic', usernameSecret: 'username', passwordSecret: 'password' } },
      secrets: [{ name: 'username', configured: true }],
      missingSecrets: ['password'],
    });
    expect(JSON.stringify(created.json())).not.toContain('ann');
  });

  it.each([
    ['swagger: "1.2"\ninfo: {title: Old, version: "1"}\npaths: {}\n', /This is a Swagger 1.2 document/],
    ['{"asyncapi": "2.6.0"}', /Not an OpenAPI, Swagger or Postman document: missing "openapi"/],
    [
      'openapi: 3.0.3\ninfo: {title: T, version: "1"}\npaths:\n  /a:\n    get:\n      responses:\n        "200": {$ref: "#/components/responses/Missing"}\n',
      /Missing/,
    ],
    ['{ not: [valid', /./],
  ])('explains what is wrong with a broken document', async (document, message) => {
    const response = await call('POST', `${base}/openapi-preview`, { document });
    expect(response.statusCode).toBe(400);
    const { error } = response.json();
    expect(error.message).toMatch(message);
    expect(error.details[0].path).toBe('document');
  });
});
