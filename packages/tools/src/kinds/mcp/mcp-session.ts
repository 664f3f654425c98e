import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { SSEClientTransport } from '@modelcontextprotocol/sdk/client/sse.js';
import {
  StreamableHTTPClientTransport,
  StreamableHTTPError,
} from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { FetchLike } from '@modelcontextprotocol/sdk/shared/transport.js';
import { McpError } from '@modelcontextprotocol/sdk/types.js';
import type { McpAuth } from '@switchboard/contracts/tools';
import { EgressError } from '../../egress/egress-error.ts';
import type { EgressFetch } from '../../egress/egress-guard.ts';
import { ToolCallError } from '../../tool-function.ts';

/** What Switchboard tells an MCP server about itself during the handshake. */
const CLIENT_INFO = { name: 'switchboard', version: '1.0.0' };

export interface McpServerTarget {
  url: string;
  auth?: McpAuth | undefined;
  /** The tool's opened secrets; the one `auth` names becomes a header. */
  secrets: Record<string, string>;
  /** The egress guard's fetch: the server's address is the tenant's choice. */
  fetch: EgressFetch;
  /** Bounds connecting (each transport tried), and each request made on the session. */
  timeoutMs: number;
}

/** An open connection to an MCP server; `close` ends it (and any request still under way). */
export interface McpSession {
  client: Client;
  transport: 'streamable-http' | 'sse';
  close(): Promise<void>;
}

function authHeaders(target: McpServerTarget): Record<string, string> {
  const { auth } = target;
  if (!auth) return {};
  const value = target.secrets[auth.secret];
  if (value === undefined) {
    throw new ToolCallError(`The MCP server's credential (secret ${auth.secret}) is not set`);
  }
  return auth.type === 'bearer' ? { authorization: `Bearer ${value}` } : { [auth.name]: value };
}

/**
 * The SDK's transports take a WHATWG fetch; every request they make (POSTs, the SSE stream's GET, redirects
 * the SDK follows within the origin) goes through the egress guard instead, aborted when the session closes.
 */
function guardedFetchLike(fetch: EgressFetch, closed: AbortSignal): FetchLike {
  return async (url, init = {}) => {
    const { body } = init;
    if (body !== undefined && body !== null && typeof body !== 'string') {
      throw new EgressError('The MCP client tried to send a body that is not text');
    }
    const signal = init.signal ? AbortSignal.any([init.signal, closed]) : closed;
    return fetch(url, {
      method: init.method,
      headers: init.headers,
      body,
      signal,
      redirect: init.redirect === 'manual' ? 'manual' : 'follow',
    });
  };
}

/** The reason a connection failed, fit for the model and the dashboard (never the URL, which may hold a token). */
export function describeMcpError(error: unknown, host: string): string {
  if (error instanceof ToolCallError) return error.message;
  const egress = egressIn(error);
  if (egress) return egress.message;
  const status = statusOf(error);
  if (status === 401 || status === 403) {
    return `The MCP server at ${host} refused the credential (HTTP ${status})`;
  }
  if (status !== undefined && status > 0) return `The MCP server at ${host} answered HTTP ${status}`;
  const timedOut =
    (error instanceof Error && /timed out|timeout/i.test(error.message)) ||
    (error as { name?: unknown } | null)?.name === 'TimeoutError';
  if (timedOut) return `The MCP server at ${host} did not answer in time`;
  if (error instanceof McpError) return `The MCP server at ${host} answered with an error: ${error.message}`;
  const code = codeIn(error);
  return `The MCP server at ${host} could not be reached${code ? ` (${code})` : ''}`;
}

function egressIn(error: unknown): EgressError | undefined {
  for (let current = error, depth = 0; current instanceof Error && depth < 5; depth++) {
    if (current instanceof EgressError) return current;
    current = current.cause;
  }
  return undefined;
}

function codeIn(error: unknown): string | undefined {
  for (let current = error, depth = 0; current instanceof Error && depth < 5; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    current = current.cause;
  }
  return undefined;
}

/** The HTTP status in an SDK transport error: StreamableHTTPError carries it, the SSE transport writes it. */
function statusOf(error: unknown): number | undefined {
  if (error instanceof StreamableHTTPError) return error.code;
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'number') return code;
  const match =
    error instanceof Error ? /\(HTTP (\d{3})\)|Non-200 status code \((\d{3})\)/.exec(error.message) : null;
  const found = match?.[1] ?? match?.[2];
  return found ? Number(found) : undefined;
}

/**
 * Whether a failed Streamable HTTP handshake means "this server speaks the older HTTP+SSE transport": the
 * specification's rule is a 4xx to the initialize POST. A refused credential is not that, nor a refusal
 * of the egress guard, nor a timeout.
 */
function mayBeSseServer(error: unknown): boolean {
  const status = statusOf(error);
  return status !== undefined && status >= 400 && status < 500 && status !== 401 && status !== 403;
}

async function connectWith(
  target: McpServerTarget,
  kind: McpSession['transport'],
  headers: Record<string, string>,
): Promise<McpSession> {
  const closing = new AbortController();
  const fetch = guardedFetchLike(target.fetch, closing.signal);
  const url = new URL(target.url);
  const transport =
    kind === 'streamable-http'
      ? new StreamableHTTPClientTransport(url, {
          fetch,
          requestInit: { headers },
          // A dropped stream is not resumed: every call has its own bound and the model can try again.
          reconnectionOptions: {
            maxRetries: 0,
            initialReconnectionDelay: 1000,
            maxReconnectionDelay: 1000,
            reconnectionDelayGrowFactor: 1,
          },
        })
      : new SSEClientTransport(url, { fetch, requestInit: { headers } });
  const client = new Client(CLIENT_INFO);
  const close = async () => {
    closing.abort();
    await client.close().catch(() => undefined);
  };
  try {
    await client.connect(transport, { timeout: target.timeoutMs, maxTotalTimeout: target.timeoutMs });
  } catch (error) {
    await close();
    throw error;
  }
  return { client, transport: kind, close };
}

/**
 * Opens a session with an MCP server: Streamable HTTP first, then the older HTTP+SSE transport when the
 * server answers the first with a 4xx that is not about the credential. Throws ToolCallError with a
 * message naming the host and the reason (unreachable, refused by the egress guard, credential refused,
 * no answer in time).
 */
export async function openMcpSession(target: McpServerTarget): Promise<McpSession> {
  const host = new URL(target.url).host;
  const headers = authHeaders(target);
  try {
    return await connectWith(target, 'streamable-http', headers);
  } catch (error) {
    if (!mayBeSseServer(error)) throw new ToolCallError(describeMcpError(error, host));
  }
  try {
    return await connectWith(target, 'sse', headers);
  } catch (error) {
    throw new ToolCallError(describeMcpError(error, host));
  }
}
