import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { isIP, type LookupFunction } from 'node:net';
import { Agent, buildConnector, fetch as undiciFetch } from 'undici';
import { EgressError, EgressRefusedError } from './egress-error.ts';
import { createEgressPolicy, type EgressPolicy } from './egress-policy.ts';

/*
 * The one door for outbound requests whose destination a tenant chooses (HTTP tools and their test runs,
 * OpenAI-compatible model servers, webhook deliveries). See docs/security/egress.md.
 *
 * - Only http: and https:.
 * - A name is resolved once, by the connection itself (undici's connector with our `lookup`): every address
 *   it resolves to must be allowed, and the socket connects to those very addresses, so a DNS answer that
 *   changes between a check and the connection (rebinding) cannot slip through. An IP literal is checked
 *   before the connector is called.
 * - Redirects are followed here, never by fetch: at most MAX_REDIRECTS, each hop checked like the first
 *   (or not at all, with `redirect: 'manual'`).
 *   Headers other than a few harmless ones are dropped when a redirect leaves the origin, so a credential
 *   meant for one server is not handed to the next.
 * - Every refusal is the same EgressRefusedError, raised before connecting.
 */

const MAX_REDIRECTS = 5;
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
/** Headers that may follow a redirect to another origin; any other may carry a credential for the first. */
const CROSS_ORIGIN_HEADERS = new Set([
  'accept',
  'accept-language',
  'content-language',
  'content-type',
  'user-agent',
]);
/** Headers that describe a body, dropped with it when a redirect turns the request into a GET. */
const BODY_HEADERS = [
  'content-type',
  'content-length',
  'content-encoding',
  'content-language',
  'content-location',
];

/** What a guarded request may carry. The body is text or bytes, so that a 307/308 redirect can send it again. */
export interface EgressRequestInit {
  method?: string | undefined;
  headers?: ConstructorParameters<typeof Headers>[0];
  body?: string | Uint8Array | null | undefined;
  signal?: AbortSignal | null | undefined;
  /** 'manual': a redirect is returned as the response, not followed (webhook deliveries follow none). */
  redirect?: 'follow' | 'manual' | undefined;
}

/** A fetch restricted to what the guard allows; redirects are always followed by the guard. */
export type EgressFetch = (input: string | URL, init?: EgressRequestInit) => Promise<Response>;

export interface EgressGuardOptions {
  /** The operator's EGRESS_ALLOW entries: host names, IP addresses and CIDR ranges reachable although internal. */
  allow?: readonly string[];
}

export interface EgressGuard {
  fetch: EgressFetch;
  /**
   * Throws EgressRefusedError when a request to `url` would be refused, resolving its name to find out. A
   * name that does not resolve is not refused (the request will fail on its own). For early, friendly
   * errors only: the boundary is `fetch`, which checks again at connection time.
   */
  check(url: string | URL): Promise<void>;
  /** Closes the pooled connections. */
  close(): Promise<void>;
}

/** `[::1]` as URLs write it, `::1` as sockets do: the host as people read it in an error. */
function displayHost(hostname: string): string {
  return isIP(hostname) === 6 ? `[${hostname}]` : hostname;
}

function bare(hostname: string): string {
  return hostname.replace(/^\[(.*)\]$/, '$1');
}

/** Refuses what can be refused without resolving anything: another scheme, a forbidden IP literal. */
function checkUrl(policy: EgressPolicy, url: URL): void {
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new EgressRefusedError(url.hostname || url.protocol);
  }
  const hostname = bare(url.hostname);
  if (isIP(hostname) && !policy.allowsAddress(hostname)) throw new EgressRefusedError(url.hostname);
}

/** The lookup a socket uses to resolve a name: resolves once, refuses unless every address is allowed. */
function guardedLookup(policy: EgressPolicy): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (error, addresses: LookupAddress[]) => {
      if (error) return callback(error, '');
      if (
        !policy.allowsResolved(
          hostname,
          addresses.map((entry) => entry.address),
        )
      ) {
        return callback(new EgressRefusedError(displayHost(hostname)), '');
      }
      if (options.all) return callback(null, addresses);
      const [first] = addresses;
      return callback(null, first?.address ?? '', first?.family);
    });
  };
}

/** The EgressError somewhere in what fetch threw (undici wraps connection errors in TypeError causes). */
function egressErrorIn(error: unknown): EgressError | undefined {
  for (let current = error, depth = 0; current instanceof Error && depth < 5; depth++) {
    if (current instanceof EgressError) return current;
    current = current.cause;
  }
  return undefined;
}

/** Creates an egress guard; throws EgressAllowlistError for an `allow` entry it cannot read. */
export function createEgressGuard(options: EgressGuardOptions = {}): EgressGuard {
  const policy = createEgressPolicy(options.allow);
  const connector = buildConnector({ lookup: guardedLookup(policy) });
  const agent = new Agent({
    connect(connectOptions, callback) {
      const { hostname } = connectOptions;
      if (isIP(hostname) && !policy.allowsAddress(hostname)) {
        callback(new EgressRefusedError(displayHost(hostname)), null);
        return;
      }
      connector(connectOptions, callback);
    },
  });

  const guardedFetch: EgressFetch = async (input, init = {}) => {
    let url = new URL(input);
    let method = (init.method ?? 'GET').toUpperCase();
    let body = init.body ?? null;
    const headers = new Headers(init.headers);
    for (let redirects = 0; ; redirects++) {
      checkUrl(policy, url);
      let response: Awaited<ReturnType<typeof undiciFetch>>;
      try {
        response = await undiciFetch(url, {
          method,
          headers: [...headers],
          body,
          signal: init.signal ?? null,
          redirect: 'manual',
          dispatcher: agent,
        });
      } catch (error) {
        throw egressErrorIn(error) ?? error;
      }
      const location = REDIRECT_STATUSES.has(response.status) ? response.headers.get('location') : null;
      if (location === null || init.redirect === 'manual') return response;
      await response.body?.cancel();
      if (redirects === MAX_REDIRECTS) {
        throw new EgressError(
          `The request to ${url.hostname} was redirected more than ${MAX_REDIRECTS} times`,
        );
      }
      let next: URL;
      try {
        next = new URL(location, url);
      } catch {
        throw new EgressError(
          `The request to ${url.hostname} was redirected to an address that is not a URL`,
        );
      }
      const becomesGet =
        response.status === 303
          ? method !== 'GET' && method !== 'HEAD'
          : (response.status === 301 || response.status === 302) && method === 'POST';
      if (becomesGet) {
        method = 'GET';
        body = null;
        for (const name of BODY_HEADERS) headers.delete(name);
      }
      if (next.origin !== url.origin) {
        for (const name of [...headers.keys()]) if (!CROSS_ORIGIN_HEADERS.has(name)) headers.delete(name);
      }
      url = next;
    }
  };

  return {
    fetch: guardedFetch,
    async check(input) {
      const url = new URL(input);
      checkUrl(policy, url);
      const hostname = bare(url.hostname);
      if (isIP(hostname) || policy.allowsName(hostname)) return;
      let addresses: LookupAddress[];
      try {
        addresses = await new Promise((resolve, reject) =>
          dnsLookup(hostname, { all: true }, (error, found) => (error ? reject(error) : resolve(found))),
        );
      } catch {
        return;
      }
      if (
        !policy.allowsResolved(
          hostname,
          addresses.map((entry) => entry.address),
        )
      ) {
        throw new EgressRefusedError(url.hostname);
      }
    },
    close: () => agent.close(),
  };
}
