import { randomUUID } from 'node:crypto';
import { GOOGLE_TOKENS_SECRET } from '@switchboard/core/runtime/build-tool-functions';
import { loadAgentRuntime } from '@switchboard/core/runtime/load-agent-runtime';
import type { RuntimeDeps } from '@switchboard/core/runtime/runtime-deps';
import { createSecretBox, generateSecretsKeyPair } from '@switchboard/core/secrets/secret-box';
import { toolSecretContext } from '@switchboard/core/tools/write-tool-secrets';
import { createTestDatabase, type TestDatabase } from '@switchboard/db/testing';
import { createEgressGuard } from '@switchboard/tools/egress/egress-guard';
import { type FakeGoogle, startFakeGoogle } from '@switchboard/tools/testing/fake-google';
import { startTestServer, type TestServer } from '@switchboard/tools/testing/test-server';
import { ToolCallError } from '@switchboard/tools/tool-function';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const box = createSecretBox({ privateKey: generateSecretsKeyPair().privateKey });
const API_KEY = 'sk-runtime-secret-123';
// The HTTP tool's server is on 127.0.0.1, which the egress guard refuses unless the operator allows it.
const egress = createEgressGuard({ allow: ['127.0.0.1'] });

let db: TestDatabase;
let server: TestServer;
let google: FakeGoogle;
let deps: RuntimeDeps;
let orgId: string;
let agentId: string;
let httpToolId: string;
let calendarToolId: string;
const deletedToolId = randomUUID();

async function arrange() {
  const { owner } = db;
  orgId = randomUUID();
  await owner
    .insertInto('organizations')
    .values({ id: orgId, name: 'Acme Dental', slug: `acme-${orgId}`, timeZone: 'Europe/Berlin' })
    .execute();
  const http = await owner
    .insertInto('tools')
    .values({
      organizationId: orgId,
      kind: 'http',
      name: 'Shop',
      config: JSON.stringify({
        headers: { authorization: 'Bearer {{secrets.api_key}}' },
        functions: ['lookup_order', 'cancel_order', 'refund_order'].map((name) => ({
          name,
          description: `${name} by id`,
          parameters: { type: 'object', properties: { id: { type: 'string' } }, required: ['id'] },
          method: 'GET',
          url: `${server.baseUrl}/echo/${name}/{{id}}`,
        })),
      }),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  httpToolId = http.id;
  await owner
    .insertInto('toolSecrets')
    .values({
      organizationId: orgId,
      toolId: httpToolId,
      name: 'api_key',
      ciphertext: box.seal(API_KEY, toolSecretContext(httpToolId, 'api_key')),
    })
    .execute();

  const calendar = await owner
    .insertInto('tools')
    .values({
      organizationId: orgId,
      kind: 'google_calendar',
      name: 'Calendar',
      config: JSON.stringify({ timeZone: 'Europe/Berlin' }),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  calendarToolId = calendar.id;
  const tokens = JSON.stringify({
    refreshToken: 'revoked-refresh-token',
    accessToken: 'stale',
    expiryDate: 1,
  });
  await owner
    .insertInto('toolSecrets')
    .values({
      organizationId: orgId,
      toolId: calendarToolId,
      name: GOOGLE_TOKENS_SECRET,
      ciphertext: box.seal(tokens, toolSecretContext(calendarToolId, GOOGLE_TOKENS_SECRET)),
    })
    .execute();

  const agent = await owner
    .insertInto('agents')
    .values({ organizationId: orgId, name: 'Receptionist', currentVersion: 2 })
    .returning('id')
    .executeTakeFirstOrThrow();
  agentId = agent.id;
  const config = (tools: unknown[]) =>
    JSON.stringify({ name: 'Receptionist', greeting: 'Hello from {{organization_name}}', tools });
  await owner
    .insertInto('agentVersions')
    .values([
      { organizationId: orgId, agentId, version: 1, config: config([]) },
      {
        organizationId: orgId,
        agentId,
        version: 2,
        config: config([
          { toolId: httpToolId, functions: ['lookup_order', 'refund_order'] },
          { toolId: deletedToolId, functions: ['anything'] },
          { toolId: calendarToolId, functions: ['list_events'] },
        ]),
      },
    ])
    .execute();
}

beforeAll(async () => {
  db = await createTestDatabase();
  server = await startTestServer();
  google = await startFakeGoogle();
  deps = {
    workerDb: db.worker,
    secretBox: box,
    egress,
    google: {
      clientId: google.clientId,
      clientSecret: google.clientSecret,
      endpoints: { rootUrl: google.rootUrl, tokenUrl: google.tokenUrl, revokeUrl: google.revokeUrl },
    },
  };
  await arrange();
});
afterAll(async () => {
  await Promise.all([server.close(), google.close(), egress.close()]);
  await db.destroy();
});

describe('loading an agent for a call', () => {
  it('returns its configuration and exactly its enabled functions, reporting what is missing', async () => {
    const runtime = await loadAgentRuntime(deps, { organizationId: orgId, agentId });
    expect(runtime.agent).toMatchObject({
      name: 'Receptionist',
      version: 2,
      config: { greeting: 'Hello from {{organization_name}}' },
    });
    expect(runtime.organization).toEqual({ id: orgId, name: 'Acme Dental', timeZone: 'Europe/Berlin' });
    expect(runtime.functions.map((fn) => [fn.toolName, fn.name])).toEqual([
      ['Shop', 'lookup_order'],
      ['Shop', 'refund_order'],
      ['Calendar', 'list_events'],
    ]);
    expect(runtime.problems).toEqual([
      { toolId: deletedToolId, message: 'This tool was deleted; its functions are left out' },
    ]);
    for (const fn of runtime.functions) expect(JSON.stringify(fn.parameters)).not.toContain('$ref');
  });

  it('loads a named older version', async () => {
    const runtime = await loadAgentRuntime(deps, { organizationId: orgId, agentId, version: 1 });
    expect(runtime.agent.version).toBe(1);
    expect(runtime.functions).toEqual([]);
  });

  it('calls the real HTTP API with the opened secret, and never hands the secret to the model', async () => {
    const runtime = await loadAgentRuntime(deps, { organizationId: orgId, agentId });
    const lookup = runtime.functions.find((fn) => fn.name === 'lookup_order')!;
    const result = await lookup.execute({ id: 'A-17' }, AbortSignal.timeout(5_000));
    expect(server.requests.at(-1)).toMatchObject({
      path: '/echo/lookup_order/A-17',
      headers: { authorization: `Bearer ${API_KEY}` },
    });
    expect(JSON.stringify(result)).not.toContain(API_KEY);
    await expect(lookup.execute({}, AbortSignal.timeout(5_000))).rejects.toThrow(/"id" is required/);
  });

  it('marks a Google tool broken when its refresh token was revoked, and leaves it out next time', async () => {
    const runtime = await loadAgentRuntime(deps, { organizationId: orgId, agentId });
    const listEvents = runtime.functions.find((fn) => fn.name === 'list_events')!;
    const failure = listEvents.execute({ date: '2030-01-07' }, AbortSignal.timeout(5_000));
    await expect(failure).rejects.toBeInstanceOf(ToolCallError);
    await expect(failure).rejects.toThrow(/reconnect/);
    const tool = await db.owner
      .selectFrom('tools')
      .select(['status', 'statusMessage'])
      .where('id', '=', calendarToolId)
      .executeTakeFirstOrThrow();
    expect(tool.status).toBe('broken');

    const next = await loadAgentRuntime(deps, { organizationId: orgId, agentId });
    expect(next.functions.map((fn) => fn.name)).toEqual(['lookup_order', 'refund_order']);
    expect(next.problems).toContainEqual({
      toolId: calendarToolId,
      message: expect.stringMatching(/Calendar is not ready/),
    });
  });

  it('finds nothing of another organization', async () => {
    const other = randomUUID();
    await db.owner
      .insertInto('organizations')
      .values({ id: other, name: 'Other', slug: `other-${other}` })
      .execute();
    await expect(loadAgentRuntime(deps, { organizationId: other, agentId })).rejects.toThrow(
      /Agent not found/,
    );
  });
});
