import { type McpToolConfig, McpToolConfigSchema } from '@switchboard/contracts/tools';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createEgressGuard } from '../../src/egress/egress-guard.ts';
import { createMcpFunctions } from '../../src/kinds/mcp/create-mcp-functions.ts';
import { diffMcpFunctions, listMcpTools } from '../../src/kinds/mcp/list-mcp-tools.ts';
import { FAKE_MCP_TOOLS, type FakeMcpServer, startFakeMcpServer } from '../../src/testing/fake-mcp-server.ts';
import { ToolCallError } from '../../src/tool-function.ts';

const TOKEN = 'mcp-test-token';
const guard = createEgressGuard({ allow: ['127.0.0.1'] });
const strictGuard = createEgressGuard();
let server: FakeMcpServer;
let sseServer: FakeMcpServer;

beforeAll(async () => {
  server = await startFakeMcpServer({ token: TOKEN });
  sseServer = await startFakeMcpServer({ token: TOKEN, transport: 'sse' });
});
afterAll(async () => {
  await Promise.all([server.close(), sseServer.close(), guard.close(), strictGuard.close()]);
});

const target = (url: string, overrides: { token?: string; timeoutMs?: number } = {}) => ({
  url,
  auth: { type: 'bearer' as const, secret: 'mcp_token' },
  secrets: { mcp_token: overrides.token ?? TOKEN },
  fetch: guard.fetch,
  timeoutMs: overrides.timeoutMs ?? 5000,
});

async function configOf(url: string, timeoutMs = 5000): Promise<McpToolConfig> {
  return McpToolConfigSchema.parse({
    url,
    auth: { type: 'bearer', secret: 'mcp_token' },
    timeoutMs,
    functions: await listMcpTools(target(url)),
  });
}

describe('listing an MCP server’s tools', () => {
  it('lists name, description, schema and read-only hint, with names fit for the model', async () => {
    const tools = await listMcpTools(target(server.url));
    expect(tools.map((tool) => [tool.name, tool.mcpName, tool.isReadOnly])).toEqual([
      ['lookup_order', 'lookup_order', true],
      ['cancel_order', 'cancel.order', false],
      ['slow_report', 'slow_report', true],
    ]);
    expect(tools[0]?.description).toBe('Finds an order by its number and says where it is');
    expect(tools[0]?.parameters).toMatchObject({
      type: 'object',
      properties: { orderNumber: { type: 'string' } },
      required: ['orderNumber'],
    });
    expect(server.authorizations.at(-1)).toBe(`Bearer ${TOKEN}`);
  });

  it('falls back to the HTTP+SSE transport when the server does not speak Streamable HTTP', async () => {
    const tools = await listMcpTools(target(sseServer.url));
    expect(tools.map((tool) => tool.name)).toEqual(['lookup_order', 'cancel_order', 'slow_report']);
  });

  it('shows what a refresh changed', async () => {
    const before = await listMcpTools(target(server.url));
    const [lookup] = FAKE_MCP_TOOLS;
    if (!lookup) throw new Error('fixture');
    server.setTools([
      { ...lookup, description: 'Finds an order by number or by the customer’s email' },
      { ...lookup, name: 'list_returns', description: 'Lists the open returns' },
    ]);
    try {
      const after = await listMcpTools(target(server.url));
      expect(diffMcpFunctions(before, after)).toEqual({
        added: ['list_returns'],
        changed: ['lookup_order'],
        removed: ['cancel_order', 'slow_report'],
      });
    } finally {
      server.setTools(FAKE_MCP_TOOLS);
    }
  });

  it('does not call a function changed when only the order of its stored keys differs', async () => {
    const listed = await listMcpTools(target(server.url));
    const reordered = listed.map((fn) =>
      JSON.parse(JSON.stringify(Object.fromEntries(Object.entries(fn).reverse()))),
    );
    expect(diffMcpFunctions(reordered, listed)).toEqual({ added: [], changed: [], removed: [] });
  });

  it('says so when the credential is refused, without falling back or quoting it', async () => {
    const error = await listMcpTools(target(server.url, { token: 'wrong' })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ToolCallError);
    expect((error as Error).message).toMatch(/refused the credential \(HTTP 401\)/);
    expect((error as Error).message).not.toContain('wrong');
  });

  it('refuses an internal address the operator did not allow, before connecting', async () => {
    const before = server.authorizations.length;
    const error = await listMcpTools({ ...target(server.url), fetch: strictGuard.fetch }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ToolCallError);
    expect((error as Error).message).toMatch(/127\.0\.0\.1/);
    expect((error as Error).message).toMatch(/not allowed|refused|internal/i);
    expect(server.authorizations.length).toBe(before);
  });
});

describe('calling an MCP tool', () => {
  it('calls with the arguments and answers with the text, call after call', async () => {
    const { functions, close } = createMcpFunctions({
      config: await configOf(server.url),
      secrets: { mcp_token: TOKEN },
      fetch: guard.fetch,
    });
    try {
      const lookup = functions.find((fn) => fn.name === 'lookup_order');
      expect(lookup?.mutates).toBe(false);
      await expect(lookup?.execute({ orderNumber: '1001' }, new AbortController().signal)).resolves.toBe(
        'Order 1001 has shipped',
      );
      await expect(lookup?.execute({ orderNumber: '1002' }, new AbortController().signal)).resolves.toBe(
        'Order 1002 has shipped',
      );
      expect(server.calls.slice(-2)).toEqual([
        { name: 'lookup_order', arguments: { orderNumber: '1001' } },
        { name: 'lookup_order', arguments: { orderNumber: '1002' } },
      ]);
    } finally {
      await close();
    }
  });

  it('checks the arguments against the stored schema before calling', async () => {
    const { functions, close } = createMcpFunctions({
      config: await configOf(server.url),
      secrets: { mcp_token: TOKEN },
      fetch: guard.fetch,
    });
    const calls = server.calls.length;
    await expect(functions[0]?.execute({ orderNumber: 1001 }, new AbortController().signal)).rejects.toThrow(
      /Invalid arguments for lookup_order: "orderNumber" must be string/,
    );
    expect(server.calls.length).toBe(calls);
    await close();
  });

  it('turns a result the server marks as an error into a tool error, under the server’s name', async () => {
    const { functions, close } = createMcpFunctions({
      config: await configOf(server.url),
      secrets: { mcp_token: TOKEN },
      fetch: guard.fetch,
    });
    const cancel = functions.find((fn) => fn.name === 'cancel_order');
    await expect(cancel?.execute({ orderNumber: '1' }, new AbortController().signal)).rejects.toThrow(
      'cancel_order failed on the MCP server: Orders cannot be cancelled today',
    );
    expect(server.calls.at(-1)?.name).toBe('cancel.order');
    await close();
  });

  it('calls through the SSE transport too', async () => {
    const { functions, close } = createMcpFunctions({
      config: await configOf(sseServer.url),
      secrets: { mcp_token: TOKEN },
      fetch: guard.fetch,
    });
    await expect(functions[0]?.execute({ orderNumber: '7' }, new AbortController().signal)).resolves.toBe(
      'Order 7 has shipped',
    );
    await close();
  });

  it('gives up after the tool’s timeout', async () => {
    const { functions, close } = createMcpFunctions({
      config: await configOf(server.url, 1000),
      secrets: { mcp_token: TOKEN },
      fetch: guard.fetch,
    });
    const slow = functions.find((fn) => fn.name === 'slow_report');
    await expect(slow?.execute({}, new AbortController().signal)).rejects.toThrow(/did not answer in time/);
    await close();
  });

  it('reports a refused credential as a tool error', async () => {
    const { functions, close } = createMcpFunctions({
      config: await configOf(server.url),
      secrets: { mcp_token: 'revoked' },
      fetch: guard.fetch,
    });
    await expect(functions[0]?.execute({ orderNumber: '1' }, new AbortController().signal)).rejects.toThrow(
      /refused the credential \(HTTP 401\)/,
    );
    await close();
  });

  it('keeps the credential out of what is stored and what the model reads when the server echoes it', async () => {
    // A server that quotes the request's credential back, in its tool list, a result and an error.
    const echoing = await startFakeMcpServer({
      token: TOKEN,
      tools: [
        {
          name: 'whoami',
          description: `Says who ${TOKEN} is`,
          inputSchema: { note: z.string().describe(`e.g. ${TOKEN}`).optional() },
          handler: () => ({ content: [{ type: 'text', text: `Signed in with Bearer ${TOKEN}` }] }),
        },
        {
          name: 'fail',
          description: 'Fails',
          inputSchema: {},
          handler: () => ({ content: [{ type: 'text', text: `token ${TOKEN} may not` }], isError: true }),
        },
      ],
    });
    try {
      const listed = await listMcpTools(target(echoing.url));
      expect(JSON.stringify(listed)).not.toContain(TOKEN);
      expect(listed[0]?.description).toBe('Says who [redacted] is');
      const { functions, close } = createMcpFunctions({
        config: McpToolConfigSchema.parse({
          url: echoing.url,
          auth: { type: 'bearer', secret: 'mcp_token' },
          functions: listed,
        }),
        secrets: { mcp_token: TOKEN },
        fetch: guard.fetch,
      });
      try {
        const [whoami, fail] = functions;
        await expect(whoami?.execute({}, new AbortController().signal)).resolves.toBe(
          'Signed in with Bearer [redacted]',
        );
        await expect(fail?.execute({}, new AbortController().signal)).rejects.toThrow(
          'fail failed on the MCP server: token [redacted] may not',
        );
      } finally {
        await close();
      }
    } finally {
      await echoing.close();
    }
  });
});
