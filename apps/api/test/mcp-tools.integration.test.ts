import type { JobRunner } from '@switchboard/core/jobs/run-jobs';
import { createDatabase } from '@switchboard/db/database';
import { withTenant } from '@switchboard/db/tenant';
import {
  FAKE_MCP_TOOLS,
  type FakeMcpServer,
  startFakeMcpServer,
} from '@switchboard/tools/testing/fake-mcp-server';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  createOrganization,
  createTestApp,
  request,
  signUp,
  startJobs,
  type TestApp,
  type TestUser,
  testSecret,
} from './harness.ts';

let t: TestApp;
let admin: TestUser;
let server: FakeMcpServer;
let jobs: JobRunner;
let orgId: string;
let toolUrl: string;
const token = testSecret();

beforeAll(async () => {
  t = await createTestApp();
  server = await startFakeMcpServer({ token });
  jobs = await startJobs(t);
  admin = await signUp(t);
  orgId = await createOrganization(t, admin, 'Acme Shop');
  const created = await request(t, admin, {
    method: 'POST',
    url: `/api/v1/orgs/${orgId}/tools`,
    payload: {
      kind: 'mcp',
      name: 'Shop MCP',
      config: { url: server.url, auth: { type: 'bearer', secret: 'mcp_token' } },
      secrets: { mcp_token: token },
    },
  });
  expect(created.statusCode).toBe(201);
  expect(created.json()).toMatchObject({
    kind: 'mcp',
    status: 'ready',
    functions: [],
    secrets: [{ name: 'mcp_token', configured: true }],
    missingSecrets: [],
  });
  expect(created.body).not.toContain(token);
  toolUrl = `/api/v1/orgs/${orgId}/tools/${created.json().id}`;
});
afterAll(async () => {
  await jobs.stop();
  await server.close();
  await t.close();
});

async function poll(url: string) {
  return vi.waitFor(
    async () => {
      const body = (await request(t, admin, { method: 'GET', url })).json();
      if (body.status === 'pending') throw new Error('still pending');
      return body;
    },
    { timeout: 15_000, interval: 100 },
  );
}

async function refresh() {
  const started = await request(t, admin, { method: 'POST', url: `${toolUrl}/mcp-refreshes` });
  expect(started.statusCode).toBe(202);
  expect(started.json().status).toBe('pending');
  return poll(`${toolUrl}/mcp-refreshes/${started.json().id}`);
}

describe('an MCP server as a tool', () => {
  it('lists the server’s tools in the worker tier and stores them as functions', async () => {
    const done = await refresh();
    expect(done).toMatchObject({
      status: 'succeeded',
      error: null,
      result: { added: ['lookup_order', 'cancel_order', 'slow_report'], changed: [], removed: [], count: 3 },
    });
    const tool = (await request(t, admin, { method: 'GET', url: toolUrl })).json();
    expect(tool.functions.map((fn: { name: string }) => fn.name)).toEqual([
      'lookup_order',
      'cancel_order',
      'slow_report',
    ]);
    expect(tool.config.lastRefresh.changes.added).toHaveLength(3);
    expect(server.authorizations.at(-1)).toBe(`Bearer ${token}`);
  });

  it('runs a function from the dashboard through the MCP client', async () => {
    const started = await request(t, admin, {
      method: 'POST',
      url: `${toolUrl}/test-runs`,
      payload: { functionName: 'lookup_order', arguments: { orderNumber: 'A-17' } },
    });
    expect(started.statusCode).toBe(202);
    const run = await poll(`${toolUrl}/test-runs/${started.json().id}`);
    expect(run).toMatchObject({ status: 'succeeded', result: 'Order A-17 has shipped' });

    const failing = await request(t, admin, {
      method: 'POST',
      url: `${toolUrl}/test-runs`,
      payload: { functionName: 'cancel_order', arguments: { orderNumber: '1' } },
    });
    expect(await poll(`${toolUrl}/test-runs/${failing.json().id}`)).toMatchObject({
      status: 'failed',
      error: 'cancel_order failed on the MCP server: Orders cannot be cancelled today',
    });
  });

  it('shows what a refresh changed and flags removed functions on the agents that use them', async () => {
    const agent = (
      await request(t, admin, {
        method: 'POST',
        url: `/api/v1/orgs/${orgId}/agents`,
        payload: {
          name: 'Shop assistant',
          tools: [{ toolId: toolUrl.split('/').at(-1), functions: ['lookup_order', 'cancel_order'] }],
        },
      })
    ).json();
    const functionsUrl = `/api/v1/orgs/${orgId}/agents/${agent.id}/functions`;
    const seen = (await request(t, admin, { method: 'GET', url: functionsUrl })).json();
    expect(seen.functions.map((fn: { name: string }) => fn.name)).toEqual(['lookup_order', 'cancel_order']);

    const [lookup] = FAKE_MCP_TOOLS;
    if (!lookup) throw new Error('fixture');
    server.setTools([
      { ...lookup, description: 'Finds an order by number or email' },
      { ...lookup, name: 'list_returns', description: 'Lists open returns' },
    ]);
    try {
      expect((await refresh()).result).toEqual({
        added: ['list_returns'],
        changed: ['lookup_order'],
        removed: ['cancel_order', 'slow_report'],
        count: 2,
      });
    } finally {
      server.setTools(FAKE_MCP_TOOLS);
    }
    const after = (await request(t, admin, { method: 'GET', url: functionsUrl })).json();
    expect(after.functions).toEqual([
      expect.objectContaining({ name: 'lookup_order', description: 'Finds an order by number or email' }),
    ]);
    expect(after.problems).toEqual([
      { toolId: expect.any(String), message: 'Shop MCP no longer has a function named cancel_order' },
    ]);
  });

  it('records a refused credential as the refresh’s outcome, naming no secret', async () => {
    const patched = await request(t, admin, {
      method: 'PATCH',
      url: toolUrl,
      payload: { secrets: { mcp_token: 'revoked-token' } },
    });
    expect(patched.statusCode).toBe(200);
    const done = await refresh();
    expect(done.status).toBe('failed');
    expect(done.error).toMatch(/refused the credential \(HTTP 401\)/);
    expect(JSON.stringify(done)).not.toContain('revoked-token');
    await request(t, admin, { method: 'PATCH', url: toolUrl, payload: { secrets: { mcp_token: token } } });
  });

  it('refuses a credential a header cannot carry when it is given, naming the secret', async () => {
    const patched = await request(t, admin, {
      method: 'PATCH',
      url: toolUrl,
      payload: { secrets: { mcp_token: `${token}\n` } },
    });
    expect(patched.statusCode).toBe(400);
    expect(patched.json().error.details).toEqual([expect.objectContaining({ path: 'secrets.mcp_token' })]);
  });

  it('lets the worker role write a listed server’s functions only into its own organization’s MCP tool', async () => {
    const toolId = toolUrl.split('/').at(-1) ?? '';
    const otherOrg = await createOrganization(t, admin, 'Other Co');
    const worker = createDatabase({ url: t.database.urls.worker, maxConnections: 1 });
    const apply = (orgId: string, url: string) =>
      withTenant(worker, { orgId }, async (tx) => {
        const { rows } = await sql<{ applied: boolean | null }>`
          select apply_mcp_tool_list(${toolId}, ${url}, '[]'::jsonb, '{}'::jsonb) as applied`.execute(tx);
        return rows[0]?.applied ?? null;
      });
    try {
      expect(await apply(otherOrg, server.url)).toBeNull();
      expect(await apply(orgId, 'https://another.example.test/mcp')).toBeNull();
      // The worker role has no other write on the configuration.
      await expect(
        withTenant(worker, { orgId }, (tx) =>
          tx.updateTable('tools').set({ config: '{}' }).where('id', '=', toolId).execute(),
        ),
      ).rejects.toThrow(/permission denied/);
    } finally {
      await worker.destroy();
    }
    const tool = (await request(t, admin, { method: 'GET', url: toolUrl })).json();
    expect(tool.functions.length).toBeGreaterThan(0);
  });

  it('drops the credential when the server’s address moves, and refuses a refresh of another kind', async () => {
    const tool = (await request(t, admin, { method: 'GET', url: toolUrl })).json();
    const moved = await request(t, admin, {
      method: 'PATCH',
      url: toolUrl,
      payload: { config: { ...tool.config, url: 'https://elsewhere.example.test/mcp' } },
    });
    expect(moved.json()).toMatchObject({ droppedSecrets: ['mcp_token'], missingSecrets: ['mcp_token'] });

    const other = await request(t, admin, {
      method: 'POST',
      url: `/api/v1/orgs/${orgId}/tools`,
      payload: { kind: 'call_control', name: 'Hang up', config: {} },
    });
    const refused = await request(t, admin, {
      method: 'POST',
      url: `/api/v1/orgs/${orgId}/tools/${other.json().id}/mcp-refreshes`,
    });
    expect(refused.statusCode).toBe(400);
  });
});
