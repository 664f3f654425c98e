import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { SSEServerTransport } from '@modelcontextprotocol/sdk/server/sse.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';

/** One tool the fake offers; `handler` gets the validated arguments and the request's abort signal. */
export interface FakeMcpTool {
  name: string;
  description: string;
  inputSchema: z.ZodRawShape;
  isReadOnly?: boolean;
  handler(args: Record<string, unknown>, signal: AbortSignal): Promise<CallToolResult> | CallToolResult;
}

export interface FakeMcpServer {
  /** The server's MCP endpoint (`/mcp` for Streamable HTTP, `/sse` for the SSE-only server). */
  url: string;
  /** Replaces the tools offered from the next connection on (a refresh sees the change). */
  setTools(tools: FakeMcpTool[]): void;
  /** The tool calls received, in order. */
  calls: { name: string; arguments: unknown }[];
  /** Authorization headers received, to check what the client sent. */
  authorizations: (string | undefined)[];
  close(): Promise<void>;
}

/** Tools a shop's MCP server might offer: an order lookup, a failing tool, and one that never answers. */
export const FAKE_MCP_TOOLS: FakeMcpTool[] = [
  {
    name: 'lookup_order',
    description: 'Finds an order by its number and says where it is',
    inputSchema: { orderNumber: z.string().describe('The order number, e.g. 1001') },
    isReadOnly: true,
    handler: ({ orderNumber }) => ({
      content: [{ type: 'text', text: `Order ${String(orderNumber)} has shipped` }],
    }),
  },
  {
    name: 'cancel.order',
    description: 'Cancels an order',
    inputSchema: { orderNumber: z.string() },
    handler: () => ({ content: [{ type: 'text', text: 'Orders cannot be cancelled today' }], isError: true }),
  },
  {
    name: 'slow_report',
    description: 'Builds a report (slowly)',
    inputSchema: {},
    isReadOnly: true,
    handler: (_args, signal) =>
      new Promise((resolve) => {
        // Answers only when the client gives up (or after a minute, so a forgotten request ends).
        const timer = setTimeout(() => resolve({ content: [{ type: 'text', text: 'late' }] }), 60_000);
        signal.addEventListener('abort', () => {
          clearTimeout(timer);
          resolve({ content: [{ type: 'text', text: 'aborted' }] });
        });
      }),
  },
];

function serverWith(tools: FakeMcpTool[], calls: FakeMcpServer['calls']): McpServer {
  const server = new McpServer({ name: 'fake-shop', version: '1.0.0' });
  for (const tool of tools) {
    server.registerTool(
      tool.name,
      {
        description: tool.description,
        inputSchema: tool.inputSchema,
        annotations: { readOnlyHint: tool.isReadOnly ?? false },
      },
      (args: Record<string, unknown>, extra: { signal: AbortSignal }) => {
        calls.push({ name: tool.name, arguments: args });
        return tool.handler(args, extra.signal);
      },
    );
  }
  return server;
}

/**
 * A real MCP server built with the official SDK on 127.0.0.1, for tests: Streamable HTTP (stateless) at
 * `/mcp`, or with `transport: 'sse'` only the older HTTP+SSE transport (GET `/sse`, POST `/messages`), which
 * answers a Streamable HTTP POST with 405 as such servers do. With `token`, every request must carry
 * `Authorization: Bearer <token>` (401 otherwise).
 */
export async function startFakeMcpServer(
  options: { token?: string; transport?: 'streamable-http' | 'sse'; tools?: FakeMcpTool[] } = {},
): Promise<FakeMcpServer> {
  let tools = options.tools ?? FAKE_MCP_TOOLS;
  const calls: FakeMcpServer['calls'] = [];
  const authorizations: (string | undefined)[] = [];
  const sseSessions = new Map<string, SSEServerTransport>();

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    authorizations.push(req.headers.authorization);
    if (options.token !== undefined && req.headers.authorization !== `Bearer ${options.token}`) {
      res.writeHead(401, { 'content-type': 'application/json', 'www-authenticate': 'Bearer' });
      res.end(JSON.stringify({ error: 'unauthorized' }));
      return;
    }
    if (options.transport === 'sse') {
      if (req.method === 'GET' && path === '/sse') {
        const transport = new SSEServerTransport('/messages', res);
        sseSessions.set(transport.sessionId, transport);
        res.on('close', () => sseSessions.delete(transport.sessionId));
        await serverWith(tools, calls).connect(transport);
        return;
      }
      if (req.method === 'POST' && path === '/messages') {
        const sessionId = new URL(req.url ?? '/', 'http://localhost').searchParams.get('sessionId') ?? '';
        const transport = sseSessions.get(sessionId);
        if (!transport) {
          res.writeHead(404).end('No such session');
          return;
        }
        await transport.handlePostMessage(req, res);
        return;
      }
      res.writeHead(405, { allow: 'GET' }).end('Method not allowed');
      return;
    }
    if (path !== '/mcp') {
      res.writeHead(404).end('Not found');
      return;
    }
    if (req.method !== 'POST') {
      res.writeHead(405, { allow: 'POST' }).end('Method not allowed');
      return;
    }
    // Stateless: a server and a transport per request, so each request sees the current tools.
    const server = serverWith(tools, calls);
    const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined });
    res.on('close', () => {
      void transport.close();
      void server.close();
    });
    await server.connect(transport);
    await transport.handleRequest(req, res);
  };

  const http: Server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(500);
      res.end(String(error));
    });
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const { port } = http.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/${options.transport === 'sse' ? 'sse' : 'mcp'}`,
    setTools(next) {
      tools = next;
    },
    calls,
    authorizations,
    close: () =>
      new Promise<void>((resolve, reject) => {
        http.closeAllConnections();
        http.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
