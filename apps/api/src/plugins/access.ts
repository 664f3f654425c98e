import type { Permission } from '@switchboard/contracts/permissions';
import type { Actor, OrgScope } from '@switchboard/core/access/actor';
import { inOrganization } from '@switchboard/core/access/in-organization';
import { authenticateApiKey } from '@switchboard/core/api-keys/authenticate-api-key';
import type { Auth } from '@switchboard/core/auth/create-auth';
import { AppError } from '@switchboard/core/errors';
import type { Database, SystemDatabase } from '@switchboard/db/database';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { createSessionReader } from './auth.ts';
import type { OrganizationLimiter } from './rate-limits.ts';

/** Who may call a route. Every route declares one; registering a route without it fails at boot. */
export type Access =
  | { kind: 'public' }
  /**
   * Any signed-in user. `freshSession` reads the session from the database instead of the cookie cache, for
   * what must agree with platform-admin routes at once (the shell's `/me`).
   */
  | { kind: 'user'; freshSession?: boolean }
  | { kind: 'platform-admin' }
  /** Inside `/orgs/:orgId`: the caller must be a member, and hold `permission` unless it is null. */
  | { kind: 'org'; permission: Permission | null };

export interface DeclaredRoute {
  method: string;
  url: string;
  access: Access;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access;
  }
  interface FastifyRequest {
    /** The signed-in user (or the member an API key acts for); set for every route whose access is not public. */
    actor: Actor | null;
    /**
     * Runs `fn` in one tenant transaction of the route's organization, after the membership check and the
     * route's declared permission. Non-members get 404.
     */
    inOrganization<T>(fn: (scope: OrgScope) => Promise<T>): Promise<T>;
  }
  interface FastifyInstance {
    declaredRoutes: DeclaredRoute[];
  }
}

const UNDECLARED_PREFIXES = ['/api/docs'];

/**
 * The API key in `Authorization: Bearer …`, or undefined when the request has none. Another scheme in the
 * header is refused rather than ignored, so a client never silently falls back to its cookie.
 */
export function presentedApiKey(authorization: string | undefined): string | undefined {
  if (authorization === undefined) return undefined;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
  if (!match) throw new AppError('UNAUTHENTICATED', 'Send an API key as "Authorization: Bearer sb_key_…"');
  return match[1];
}

export function registerAccessControl(
  app: FastifyInstance,
  deps: {
    auth: Auth;
    db: Database;
    /** Looks API keys up before the organization is known (packages/core/src/api-keys). */
    systemDb: SystemDatabase;
    /** Counts a member's request against the organization's rate limits (plugins/rate-limits.ts). */
    limitOrganization: OrganizationLimiter;
  },
): void {
  const readSession = createSessionReader(deps.auth);
  app.decorate('declaredRoutes', [] as DeclaredRoute[]);
  app.addHook('onRoute', (route) => {
    if (UNDECLARED_PREFIXES.some((prefix) => route.url.startsWith(prefix))) {
      route.config = { ...route.config, access: { kind: 'public' } };
    }
    const access = route.config?.access;
    if (!access) throw new Error(`Route ${route.method} ${route.url} does not declare its access`);
    if (access.kind === 'org' && !route.url.includes(':orgId')) {
      throw new Error(`Route ${route.method} ${route.url} is organization-scoped but has no :orgId`);
    }
    for (const method of [route.method].flat()) {
      if (method !== 'HEAD') app.declaredRoutes.push({ method, url: route.url, access });
    }
  });

  app.decorateRequest('actor', null);
  app.decorateRequest('inOrganization', function <
    T,
  >(this: FastifyRequest, fn: (scope: OrgScope) => Promise<T>) {
    const access = this.routeOptions.config.access;
    const actor = this.actor;
    const { orgId } = this.params as { orgId?: string };
    if (access?.kind !== 'org' || !actor || !orgId) {
      throw new Error('inOrganization is only for organization routes');
    }
    // Counted once the caller is a member with the permission: an outsider's 404s spend nobody's budget.
    return inOrganization(deps.db, actor, orgId, access.permission, async (scope) => {
      await deps.limitOrganization(this);
      return fn(scope);
    });
  });

  app.addHook('onRequest', async (request, reply) => {
    const access = request.routeOptions.config.access;
    if (!access || access.kind === 'public') return;
    // A key, when present, is the credential: a cookie sent alongside is ignored (docs/api.md "API keys").
    const key = presentedApiKey(request.headers.authorization);
    if (key !== undefined) {
      request.actor = await authenticateApiKey(deps.systemDb, key);
      if (access.kind !== 'org') {
        throw new AppError(
          'FORBIDDEN',
          'API keys work only on organization routes (/api/v1/orgs/:orgId/…); sign in for this one',
        );
      }
      return;
    }
    const session = await readSession(request, reply, {
      fresh: access.kind === 'platform-admin' || (access.kind === 'user' && access.freshSession === true),
    });
    if (!session) throw new AppError('UNAUTHENTICATED', 'Sign in to continue');
    request.actor = {
      userId: session.user.id,
      name: session.user.name,
      email: session.user.email,
      emailVerified: session.user.emailVerified,
      isPlatformAdmin: session.user.isPlatformAdmin === true,
    };
    if (access.kind === 'platform-admin' && !request.actor.isPlatformAdmin) {
      throw new AppError('FORBIDDEN', 'Only platform admins can do this');
    }
    // Power over the whole installation needs an address proven to be theirs (the dashboard offers the link).
    if (access.kind === 'platform-admin' && !request.actor.emailVerified) {
      throw new AppError('EMAIL_NOT_VERIFIED', 'Verify your email address to use the platform admin pages');
    }
  });
}
