import { AppError } from '@switchboard/core/errors';
import type { FastifyInstance } from 'fastify';

/** Reads never change anything (every GET is safe by design), so only these methods are checked. */
const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * The API's own routes and better-auth's. Webhooks (/api/webhooks) are server-to-server and proved by their
 * signature instead; health and docs change nothing.
 */
const GUARDED_PREFIXES = ['/api/v1/', '/api/auth/'];

/** The subset of request headers the rule reads. */
export interface OriginHeaders {
  origin?: string | undefined;
  'sec-fetch-site'?: string | undefined;
  cookie?: string | undefined;
}

/**
 * Why a state-changing request must be refused as cross-site request forgery, or null to let it through.
 *
 * A browser attaches the session cookie to any request to this site, whichever page sends it; what it never
 * lets a page forge is `Origin` and `Sec-Fetch-Site`. So:
 * - `Sec-Fetch-Site: cross-site | same-site`: another site (or a sibling subdomain) sent it → refused.
 * - `Origin` present and not the dashboard's origin (including the opaque `null`) → refused.
 * - A cookie but no `Origin`: every current browser sends `Origin` on POST/PUT/PATCH/DELETE, so this is
 *   not our dashboard; with credentials the browser added on its own, it is refused too.
 * - Neither `Origin`, `Sec-Fetch-Site` nor a cookie: a non-browser client (curl, a script). There is no
 *   ambient credential to abuse, so the request goes on and meets the route's own access rule (401 without a
 *   session). Organization API keys take this path by design: they ride in the `Authorization` header,
 *   which no other site can make a browser send.
 */
export function foreignRequestReason(headers: OriginHeaders, expectedOrigin: string): string | null {
  const site = headers['sec-fetch-site'];
  if (site === 'cross-site' || site === 'same-site') {
    return `This request was sent by another site (Sec-Fetch-Site: ${site}); Switchboard accepts changes only from its own pages at ${expectedOrigin}`;
  }
  const origin = headers.origin;
  if (origin !== undefined && origin !== expectedOrigin) {
    return `This request came from ${origin}, but Switchboard is served at ${expectedOrigin} (PUBLIC_URL): open Switchboard at that address, or set PUBLIC_URL to the address people use`;
  }
  if (origin === undefined && headers.cookie !== undefined) {
    return `A request with cookies must carry an Origin header: send "Origin: ${expectedOrigin}", or use the dashboard`;
  }
  return null;
}

/**
 * Refuses cross-site request forgery on every state-changing request under /api/v1 and /api/auth, before
 * the session is read or the body parsed: 403 FOREIGN_ORIGIN. better-auth's own origin check stays on behind
 * this one (it also vets callback URLs), but it looks only at requests with cookies, falls back to `Referer`
 * and ignores `Sec-Fetch-Site`; one rule for both prefixes leaves no such gap.
 */
export function registerOriginCheck(app: FastifyInstance, { publicUrl }: { publicUrl: string }): void {
  const expectedOrigin = new URL(publicUrl).origin;
  app.addHook('onRequest', async (request) => {
    if (!STATE_CHANGING.has(request.method)) return;
    // The matched route, not the raw URL: percent-encoding cannot dress a guarded route up as another.
    const route = request.routeOptions.url;
    if (!route || !GUARDED_PREFIXES.some((prefix) => route.startsWith(prefix))) return;
    // An API key rides in the Authorization header, which no other site can make a browser send (there is
    // no CORS grant for it): without a cookie there is no ambient credential to forge with. With a cookie
    // as well, the check applies as to any cookie (docs/api.md "API keys").
    if (
      route.startsWith('/api/v1/') &&
      request.headers.authorization !== undefined &&
      request.headers.cookie === undefined
    ) {
      return;
    }
    const reason = foreignRequestReason(request.headers as OriginHeaders, expectedOrigin);
    if (reason) throw new AppError('FOREIGN_ORIGIN', reason);
  });
}
