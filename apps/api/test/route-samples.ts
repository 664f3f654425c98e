import { randomUUID } from 'node:crypto';
import type { Access, DeclaredRoute } from '../src/plugins/access.ts';
import type { TestApp } from './harness.ts';

/** Rows a sample request can act on: a member other than the caller, an invitation, an agent, a tool. */
export interface RouteFixture {
  orgId: string;
  targetUserId: string;
  invitationId: string;
  agentId: string;
  toolId: string;
  googleToolId: string;
  runId: string;
  callId: string;
  planId: string;
  packId: string;
}

const samplePriceId = () => `price_${randomUUID().replace(/-/g, '')}`;

/** A sample may act on the Google Calendar tool of the fixture instead of its call-control tool. */
type Sample = (fixture: RouteFixture) => { payload?: Record<string, unknown>; tool?: 'google' };

/**
 * A valid request for every route that needs a permission. The suites fail when a declared route has no
 * entry here, so a new endpoint cannot skip the role matrix or the outsider checks.
 */
export const SAMPLE_REQUESTS: Record<string, Sample> = {
  'GET /api/v1/orgs/:orgId': () => ({}),
  'PATCH /api/v1/orgs/:orgId': () => ({ payload: { name: 'Renamed Co' } }),
  'GET /api/v1/orgs/:orgId/members': () => ({}),
  'PATCH /api/v1/orgs/:orgId/members/:userId': () => ({ payload: { role: 'member' } }),
  'DELETE /api/v1/orgs/:orgId/members/:userId': () => ({}),
  'GET /api/v1/orgs/:orgId/invitations': () => ({}),
  'POST /api/v1/orgs/:orgId/invitations': () => ({
    payload: { email: `${randomUUID()}@example.test`, role: 'member' },
  }),
  'POST /api/v1/orgs/:orgId/invitations/:invitationId/resend': () => ({}),
  'DELETE /api/v1/orgs/:orgId/invitations/:invitationId': () => ({}),
  'GET /api/v1/orgs/:orgId/agents': () => ({}),
  'POST /api/v1/orgs/:orgId/agents': () => ({ payload: { name: 'Sample agent' } }),
  'GET /api/v1/orgs/:orgId/agents/:agentId': () => ({}),
  'PUT /api/v1/orgs/:orgId/agents/:agentId': () => ({ payload: { name: 'Saved agent', greeting: 'Hi!' } }),
  'POST /api/v1/orgs/:orgId/agents/:agentId/duplicate': () => ({}),
  'POST /api/v1/orgs/:orgId/agents/:agentId/archive': () => ({}),
  'POST /api/v1/orgs/:orgId/agents/:agentId/unarchive': () => ({}),
  'GET /api/v1/orgs/:orgId/agents/:agentId/functions': () => ({}),
  'GET /api/v1/orgs/:orgId/agents/:agentId/versions': () => ({}),
  'POST /api/v1/orgs/:orgId/agents/:agentId/versions/:version/restore': () => ({}),
  'GET /api/v1/orgs/:orgId/tools': () => ({}),
  'POST /api/v1/orgs/:orgId/tools': () => ({
    payload: { kind: 'call_control', name: 'Hang up', config: {} },
  }),
  'POST /api/v1/orgs/:orgId/tools/openapi-preview': () => ({
    payload: { document: 'openapi: 3.0.3\ninfo: {title: T, version: "1"}\npaths: {}\n' },
  }),
  'GET /api/v1/orgs/:orgId/tools/:toolId': () => ({}),
  'PATCH /api/v1/orgs/:orgId/tools/:toolId': () => ({ payload: { name: 'Renamed tool' } }),
  'DELETE /api/v1/orgs/:orgId/tools/:toolId': () => ({}),
  'POST /api/v1/orgs/:orgId/tools/:toolId/test-runs': () => ({
    payload: { functionName: 'end_call', arguments: {} },
  }),
  'GET /api/v1/orgs/:orgId/tools/:toolId/test-runs/:runId': () => ({}),
  'POST /api/v1/orgs/:orgId/tools/:toolId/google/connect': () => ({ tool: 'google' }),
  'POST /api/v1/orgs/:orgId/tools/:toolId/google/disconnect': () => ({ tool: 'google' }),
  'GET /api/v1/orgs/:orgId/agents/:agentId/call-readiness': () => ({}),
  'POST /api/v1/orgs/:orgId/agents/:agentId/calls/web': () => ({}),
  'GET /api/v1/orgs/:orgId/calls': () => ({}),
  'GET /api/v1/orgs/:orgId/calls/:callId': () => ({}),
  'GET /api/v1/orgs/:orgId/billing': () => ({}),
  'GET /api/v1/orgs/:orgId/billing/ledger': () => ({}),
  'GET /api/v1/orgs/:orgId/billing/usage': () => ({}),
  'PATCH /api/v1/orgs/:orgId/billing/settings': () => ({ payload: { lowBalanceThresholdCredits: 10 } }),
  'GET /api/v1/orgs/:orgId/billing/subscription': () => ({}),
  'POST /api/v1/orgs/:orgId/billing/checkout/plan': ({ planId }) => ({ payload: { planId } }),
  'POST /api/v1/orgs/:orgId/billing/checkout/pack': ({ packId }) => ({ payload: { packId } }),
  'POST /api/v1/orgs/:orgId/billing/portal': () => ({}),
  'GET /api/v1/admin/billing/plans': () => ({}),
  'POST /api/v1/admin/billing/plans': () => ({
    payload: {
      name: 'Sample plan',
      monthlyPriceCents: 4900,
      creditsPerPeriod: 1000,
      concurrentCalls: 2,
      stripePriceId: samplePriceId(),
    },
  }),
  'PATCH /api/v1/admin/billing/plans/:planId': () => ({ payload: { name: 'Renamed plan' } }),
  'GET /api/v1/admin/billing/packs': () => ({}),
  'POST /api/v1/admin/billing/packs': () => ({
    payload: { name: 'Sample pack', credits: 500, priceCents: 500, stripePriceId: samplePriceId() },
  }),
  'PATCH /api/v1/admin/billing/packs/:packId': () => ({ payload: { name: 'Renamed pack' } }),
  'POST /api/v1/admin/organizations/:orgId/billing/sync': () => ({}),
  'GET /api/v1/admin/organizations': () => ({}),
  'GET /api/v1/admin/billing/prices': () => ({}),
  'PUT /api/v1/admin/billing/prices': () => ({
    payload: { prices: [{ channel: 'web', modelKind: 'realtime', creditsPerMinute: 10 }] },
  }),
  'POST /api/v1/admin/organizations/:orgId/credits': () => ({
    payload: { credits: 5, reason: 'Sample grant' },
  }),
  'GET /api/v1/admin/organizations/:orgId/ledger': () => ({}),
  'GET /api/v1/admin/users': () => ({}),
  'PATCH /api/v1/admin/users/:userId': () => ({ payload: { isPlatformAdmin: false } }),
  'POST /api/v1/admin/roles': () => ({
    payload: { key: `r_${randomUUID().slice(0, 8)}`, name: 'Sample', permissions: ['calls:read'] },
  }),
  'PATCH /api/v1/admin/roles/:roleKey': () => ({ payload: { name: 'Renamed' } }),
  'DELETE /api/v1/admin/roles/:roleKey': () => ({}),
  'GET /api/v1/admin/emails/failed': () => ({}),
  'GET /api/v1/dev/mailbox': () => ({}),
  'GET /api/v1/dev/mailbox/:messageId': () => ({}),
};

export const routeKey = (route: { method: string; url: string }) => `${route.method} ${route.url}`;

export function routesWithAccess(app: TestApp['app'], kinds: Access['kind'][]): DeclaredRoute[] {
  return app.declaredRoutes.filter((route) => kinds.includes(route.access.kind));
}

export function missingSamples(routes: DeclaredRoute[]): string[] {
  return routes.map(routeKey).filter((key) => !(key in SAMPLE_REQUESTS));
}

export function sampleRequest(route: DeclaredRoute, fixture: RouteFixture) {
  const sample = SAMPLE_REQUESTS[routeKey(route)];
  if (!sample) throw new Error(`no sample request for ${routeKey(route)}`);
  const { tool, ...request } = sample(fixture);
  const url = route.url
    .replace(':orgId', fixture.orgId)
    .replace(':userId', fixture.targetUserId)
    .replace(':invitationId', fixture.invitationId)
    .replace(':agentId', fixture.agentId)
    .replace(':toolId', tool === 'google' ? fixture.googleToolId : fixture.toolId)
    .replace(':runId', fixture.runId)
    .replace(':callId', fixture.callId)
    .replace(':planId', fixture.planId)
    .replace(':packId', fixture.packId)
    .replace(':version', '1')
    .replace(':roleKey', 'member')
    .replace(':messageId', randomUUID());
  return { method: route.method as 'GET', url, ...request };
}

/** A target member, a pending invitation, an agent and a tool in `orgId`, arranged as the owner (no sign-up needed). */
export async function arrangeFixture({ database }: TestApp, orgId: string): Promise<RouteFixture> {
  const targetUserId = randomUUID();
  await database.owner
    .insertInto('auth.users')
    .values({
      id: targetUserId,
      name: 'Target',
      email: `target-${targetUserId}@example.test`,
      emailVerified: true,
    })
    .execute();
  await database.owner
    .insertInto('memberships')
    .values({ organizationId: orgId, userId: targetUserId, role: 'member' })
    .execute();
  const { id: invitationId } = await database.owner
    .insertInto('invitations')
    .values({
      organizationId: orgId,
      email: `invited-${randomUUID()}@example.test`,
      role: 'member',
      tokenHash: randomUUID(),
      expiresAt: new Date(Date.now() + 86_400_000),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const { id: toolId } = await database.owner
    .insertInto('tools')
    .values({ organizationId: orgId, kind: 'call_control', name: 'Call control', config: JSON.stringify({}) })
    .returning('id')
    .executeTakeFirstOrThrow();
  const { id: googleToolId } = await database.owner
    .insertInto('tools')
    .values({ organizationId: orgId, kind: 'google_calendar', name: 'Calendar', config: JSON.stringify({}) })
    .returning('id')
    .executeTakeFirstOrThrow();
  const { id: agentId } = await database.owner
    .insertInto('agents')
    .values({ organizationId: orgId, name: 'Fixture agent' })
    .returning('id')
    .executeTakeFirstOrThrow();
  await database.owner
    .insertInto('agentVersions')
    .values({
      organizationId: orgId,
      agentId,
      version: 1,
      config: JSON.stringify({ name: 'Fixture agent', tools: [{ toolId, functions: ['end_call'] }] }),
    })
    .execute();
  const { id: runId } = await database.owner
    .insertInto('toolTestRuns')
    .values({ organizationId: orgId, toolId, functionName: 'end_call', arguments: JSON.stringify({}) })
    .returning('id')
    .executeTakeFirstOrThrow();
  const { id: callId } = await database.owner
    .insertInto('calls')
    .values({
      organizationId: orgId,
      agentId,
      agentVersion: 1,
      channel: 'web',
      roomName: `call-${randomUUID()}`,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  // Plans and packs are installation-wide; each fixture offers its own.
  const { id: planId } = await database.owner
    .insertInto('billingPlans')
    .values({
      name: 'Fixture plan',
      monthlyPriceCents: 4900,
      creditsPerPeriodMillicredits: 1_000_000,
      concurrentCalls: 2,
      stripePriceId: samplePriceId(),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const { id: packId } = await database.owner
    .insertInto('creditPacks')
    .values({
      name: 'Fixture pack',
      creditsMillicredits: 500_000,
      priceCents: 500,
      stripePriceId: samplePriceId(),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { orgId, targetUserId, invitationId, agentId, toolId, googleToolId, runId, callId, planId, packId };
}
