import { createHash } from 'node:crypto';
import { EgressError } from '../../egress/egress-error.ts';
import type { EgressFetch } from '../../egress/egress-guard.ts';
import { ToolCallError } from '../../tool-function.ts';

/** A token is fetched again this long before the server says it expires, so no request carries a stale one. */
const EXPIRY_MARGIN_MS = 60_000;
/** When the server does not say (expires_in is optional), a token is kept this long. */
const DEFAULT_LIFETIME_MS = 3_600_000;
const TOKEN_TIMEOUT_MS = 10_000;
/** Tokens kept per process: one per tool credential in use; the oldest is dropped beyond. */
const MAX_CACHED = 1_000;

export interface ClientCredentials {
  tokenUrl: string;
  scopes: string[];
  clientId: string;
  clientSecret: string;
}

interface CachedToken {
  token: Promise<string>;
  /** Set once the token arrived. */
  value?: string;
  expiresAt: number;
}

/**
 * Access tokens of the worker process, by credential (a hash of token URL, scopes and client credentials,
 * so that a changed secret never reuses an old token). Shared by every call the process handles: a token
 * is fetched once, not once per call.
 */
const cache = new Map<string, CachedToken>();

function keyOf(credentials: ClientCredentials): string {
  return createHash('sha256').update(JSON.stringify(credentials)).digest('base64url');
}

async function requestToken(
  credentials: ClientCredentials,
  fetch: EgressFetch,
  signal: AbortSignal,
): Promise<{ token: string; lifetimeMs: number }> {
  const url = new URL(credentials.tokenUrl);
  // RFC 6749 §2.3.1: client_secret_basic, each part form-encoded first.
  const basic = Buffer.from(
    `${encodeURIComponent(credentials.clientId)}:${encodeURIComponent(credentials.clientSecret)}`,
  ).toString('base64');
  const form = new URLSearchParams({ grant_type: 'client_credentials' });
  if (credentials.scopes.length > 0) form.set('scope', credentials.scopes.join(' '));
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: {
        authorization: `Basic ${basic}`,
        'content-type': 'application/x-www-form-urlencoded',
        accept: 'application/json',
      },
      body: form.toString(),
      signal: AbortSignal.any([signal, AbortSignal.timeout(TOKEN_TIMEOUT_MS)]),
    });
  } catch (error) {
    if (signal.aborted) throw signal.reason;
    if (error instanceof ToolCallError) throw error;
    // The guard's refusals say why; other failures are named by host only (never the token or secret).
    const reason = error instanceof EgressError ? error.message : 'network error';
    throw new ToolCallError(`Could not get an access token from ${url.host}: ${reason}`);
  }
  const text = await response.text();
  if (!response.ok) {
    throw new ToolCallError(
      `Could not get an access token from ${url.host}: status ${response.status} (check the client ID and secret)`,
    );
  }
  let body: { access_token?: unknown; expires_in?: unknown };
  try {
    body = JSON.parse(text) as typeof body;
  } catch {
    throw new ToolCallError(`The token endpoint ${url.host} did not answer JSON`);
  }
  if (typeof body.access_token !== 'string' || !body.access_token) {
    throw new ToolCallError(`The token endpoint ${url.host} answered without an access_token`);
  }
  const seconds = Number(body.expires_in);
  return {
    token: body.access_token,
    lifetimeMs: Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : DEFAULT_LIFETIME_MS,
  };
}

/**
 * OAuth2 client credentials for one tool: `token()` answers the cached access token or fetches one
 * (through the egress guard, like every request of the tool); `invalidate()` drops it after the API
 * refused it (a 401), so the next `token()` fetches a fresh one. Tokens live only in this process's memory.
 */
export function clientCredentialsTokens(credentials: ClientCredentials, fetch: EgressFetch) {
  const key = keyOf(credentials);
  return {
    async token(signal: AbortSignal): Promise<string> {
      const cached = cache.get(key);
      if (cached && cached.expiresAt > Date.now()) return cached.token;
      const entry: CachedToken = { token: Promise.resolve(''), expiresAt: Number.POSITIVE_INFINITY };
      entry.token = requestToken(credentials, fetch, signal).then(
        ({ token, lifetimeMs }) => {
          entry.expiresAt = Date.now() + Math.max(lifetimeMs - EXPIRY_MARGIN_MS, lifetimeMs / 2);
          entry.value = token;
          return token;
        },
        (error: unknown) => {
          if (cache.get(key) === entry) cache.delete(key);
          throw error;
        },
      );
      // Concurrent calls share the request in flight.
      cache.set(key, entry);
      if (cache.size > MAX_CACHED) cache.delete(cache.keys().next().value as string);
      return entry.token;
    },
    invalidate(token: string): void {
      // Only the token that was refused: a concurrent call may already have fetched a new one.
      if (cache.get(key)?.value === token) cache.delete(key);
    },
  };
}
