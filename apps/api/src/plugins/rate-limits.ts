import fastifyRateLimit, { normalizeIP, type RateLimitOptions } from '@fastify/rate-limit';
import { AppError } from '@switchboard/core/errors';
import type { FastifyInstance, FastifyRequest } from 'fastify';

/** Requests per minute, per bucket. Parsed from RATE_LIMIT_* (see .env.example). */
export interface RateLimitSettings {
  /** One signed-in user, all /api/v1 routes together. */
  userPerMinute: number;
  /** One API key, all its requests together (instead of its creator's user budget). */
  apiKeyPerMinute: number;
  /** One client address, for requests without a signed-in user. */
  anonymousPerMinute: number;
  /** All members of one organization together, on its routes. */
  organizationPerMinute: number;
  /** OpenAPI import previews of one organization: each parses a document of up to megabytes. */
  openApiImportPerMinute: number;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** An organization route expensive enough for a stricter per-organization budget of its own. */
    organizationRateLimit?: 'openapi-import';
  }
}

const MINUTE_MS = 60_000;
/** Buckets kept in memory; far more than live users and addresses, so eviction never resets a busy one. */
const BUCKETS = 100_000;

type Limiter = ReturnType<FastifyInstance['createRateLimit']>;

/**
 * Counts one request in `limiter`; past the limit, 429 RATE_LIMITED (the error handler turns
 * `retryAfterSeconds` into the Retry-After header).
 */
async function enforce(limiter: Limiter, request: FastifyRequest, who: string) {
  const result = await limiter(request);
  if (result.isAllowed || !result.isExceeded) return;
  throw new AppError(
    'RATE_LIMITED',
    `Too many requests ${who} (limit ${result.max} per minute): try again in ${result.ttlInSeconds} s`,
    { retryAfterSeconds: result.ttlInSeconds },
  );
}

/** Counts a request against its organization's budgets; call only once the caller is known to be a member. */
export type OrganizationLimiter = (request: FastifyRequest) => Promise<void>;

/**
 * Rate limits on /api/v1 with @fastify/rate-limit (in memory, per API process: N processes allow N times the
 * figures). Every request counts against its caller: the API key, else the signed-in user, else the client address
 * (`request.ip`, which honours only trusted proxies; IPv6 by /64). Organization routes count against the
 * organization too, and the OpenAPI import preview against a stricter budget of its own. better-auth keeps
 * its own limits for /api/auth.
 *
 * The caller's budget is counted in `preParsing`: after the session is read (onRequest), before the body
 * is. The organization's budget is counted by `inOrganization` after the membership check, so an outsider
 * cannot spend an organization's budget on requests that answer 404.
 */
export async function registerRateLimits(
  app: FastifyInstance,
  settings: RateLimitSettings,
): Promise<OrganizationLimiter> {
  await app.register(fastifyRateLimit, { global: false });
  const limiter = (max: number, key: (request: FastifyRequest) => string): Limiter => {
    const options: RateLimitOptions = { max, timeWindow: MINUTE_MS, cache: BUCKETS, keyGenerator: key };
    return app.createRateLimit(options);
  };
  const perUser = limiter(settings.userPerMinute, (request) => `user:${request.actor?.userId}`);
  const perApiKey = limiter(settings.apiKeyPerMinute, (request) => `api-key:${request.actor?.apiKey?.id}`);
  const perAddress = limiter(settings.anonymousPerMinute, (request) => `ip:${normalizeIP(request.ip)}`);
  const orgId = (request: FastifyRequest) => (request.params as { orgId: string }).orgId;
  const perOrganization = limiter(settings.organizationPerMinute, (request) => `org:${orgId(request)}`);
  const perOrganizationImport = limiter(
    settings.openApiImportPerMinute,
    (request) => `org-import:${orgId(request)}`,
  );

  app.addHook('preParsing', async (request) => {
    if (!request.routeOptions.url?.startsWith('/api/v1/')) return;
    if (request.actor?.apiKey) await enforce(perApiKey, request, 'with this API key');
    else if (request.actor) await enforce(perUser, request, 'from your account');
    else await enforce(perAddress, request, 'from your address');
  });

  return async (request) => {
    await enforce(perOrganization, request, 'for this organization');
    if (request.routeOptions.config.organizationRateLimit === 'openapi-import') {
      await enforce(perOrganizationImport, request, 'to import OpenAPI documents for this organization');
    }
  };
}
