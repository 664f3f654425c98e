import type { Auth } from '@switchboard/core/auth/create-auth';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { VerifiedSessions } from './verified-sessions.ts';

/** The header better-auth reads the client address from; always overwritten with Fastify's own `request.ip`. */
const CLIENT_IP_HEADER = 'x-switchboard-client-ip';

function toWebHeaders(request: FastifyRequest): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(request.headers)) {
    if (value === undefined || name === CLIENT_IP_HEADER) continue;
    for (const item of Array.isArray(value) ? value : [value]) headers.append(name, item);
  }
  headers.set(CLIENT_IP_HEADER, request.ip);
  return headers;
}

/** Mounts better-auth's handler at /api/auth/* (sign-up, sign-in, verification, reset, Google). */
export function registerAuthRoutes(app: FastifyInstance, auth: Auth): void {
  app.route({
    method: ['GET', 'POST'],
    url: '/api/auth/*',
    schema: { hide: true },
    config: { access: { kind: 'public' } },
    async handler(request, reply) {
      const url = new URL(request.url, `http://${request.headers.host ?? 'localhost'}`);
      const response = await auth.handler(
        new Request(url, {
          method: request.method,
          headers: toWebHeaders(request),
          body:
            request.method === 'POST' && request.body !== undefined
              ? JSON.stringify(request.body)
              : undefined,
        }),
      );
      reply.status(response.status);
      for (const [name, value] of response.headers) {
        if (name !== 'set-cookie') reply.header(name, value);
      }
      const cookies = response.headers.getSetCookie();
      if (cookies.length > 0) reply.header('set-cookie', cookies);
      return reply.send(response.body ? Buffer.from(await response.arrayBuffer()) : null);
    },
  });
}

type Session = NonNullable<Awaited<ReturnType<Auth['api']['getSession']>>>;

export type SessionReader = (
  request: FastifyRequest,
  reply: FastifyReply,
  options?: { fresh?: boolean },
) => Promise<Session | null>;

/**
 * Reads the request's session. When the cookie cache was stale, better-auth re-reads the database and signs a
 * fresh cache cookie: it goes out on this reply, so the next requests skip the look-up again. A Cookie header
 * better-auth has already answered from its cache cookie is answered again without it (verified-sessions.ts).
 * `fresh` skips both: platform-admin routes must see a promotion or a demotion at once, not after the window.
 */
export function createSessionReader(auth: Auth): SessionReader {
  const verified = auth.$context.then(
    (context) => new VerifiedSessions<Session>(context.authCookies.sessionData.name),
  );
  return async (request, reply, { fresh = false } = {}) => {
    const cookieHeader = request.headers.cookie;
    const sessions = await verified;
    const known = fresh ? undefined : sessions.find(cookieHeader);
    if (known) return known;
    const { headers, response } = await auth.api.getSession({
      headers: toWebHeaders(request),
      returnHeaders: true,
      ...(fresh && { query: { disableCookieCache: true } }),
    });
    const cookies = headers.getSetCookie();
    if (cookies.length > 0) reply.header('set-cookie', cookies);
    else if (response && !fresh) sessions.remember(cookieHeader, response);
    return response;
  };
}
