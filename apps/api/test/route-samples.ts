import { randomUUID } from 'node:crypto';
import { generateApiKey } from '@switchboard/core/api-keys/api-key-secret';
import { VOICE_PREVIEW_SAMPLE } from '@switchboard/core/voice-previews/voice-preview-sample';
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
  /** An MCP server tool (unreachable address: a queued refresh fails, harmlessly) and a refresh of it. */
  mcpToolId: string;
  mcpRefreshId: string;
  callId: string;
  /** A call of channel chat, for the chat routes (their :callId). */
  chatCallId: string;
  planId: string;
  packId: string;
  apiKeyId: string;
  phoneNumberId: string;
  lookupId: string;
  webhookEndpointId: string;
  webhookDeliveryId: string;
}

const samplePriceId = () => `price_${randomUUID().replace(/-/g, '')}`;
/** A fresh number each time (numbers are unique per organization). */
const sampleE164 = () => `+1415${String(Math.floor(Math.random() * 1e7)).padStart(7, '0')}`;
/** A catalog voice whose preview the fixture has ready (the harness has GOOGLE_API_KEY). */
const FIXTURE_VOICE_PREVIEW = { provider: 'gemini_live', voice: 'Puck' } as const;
/** The Twilio account of the fixtures' phone connection (installation kind: no credentials stored). */
const FIXTURE_TWILIO_ACCOUNT = `AC${'0'.repeat(32)}`;

/** A sample may act on the Google Calendar or MCP tool of the fixture instead of its call-control tool. */
type Sample = (fixture: RouteFixture) => { payload?: Record<string, unknown>; tool?: 'google' | 'mcp' };

/**
 * A valid request for every route that needs a permission. The suites fail when a declared route has no
 * entry here, so a new endpoint cannot skip the role matrix or the outsider checks.
 */
export const SAMPLE_REQUESTS: Record<string, Sample> = {
  'GET /api/v1/orgs/:orgId': () => ({}),
  'GET /api/v1/orgs/:orgId/home': () => ({}),
  'PATCH /api/v1/orgs/:orgId': () => ({ payload: { name: 'Renamed Co' } }),
  'GET /api/v1/orgs/:orgId/members': () => ({}),
  'GET /api/v1/orgs/:orgId/api-keys': () => ({}),
  'POST /api/v1/orgs/:orgId/api-keys': () => ({
    payload: { name: 'Sample key', permissions: ['agents:read'] },
  }),
  'DELETE /api/v1/orgs/:orgId/api-keys/:keyId': () => ({}),
  'GET /api/v1/orgs/:orgId/webhooks': () => ({}),
  // A name that does not resolve: the egress check at save time lets it through (delivery would fail).
  'POST /api/v1/orgs/:orgId/webhooks': () => ({
    payload: { url: 'https://hooks.example.test/switchboard', eventTypes: ['call.ended'] },
  }),
  'PATCH /api/v1/orgs/:orgId/webhooks/:endpointId': () => ({ payload: { description: 'Renamed' } }),
  'DELETE /api/v1/orgs/:orgId/webhooks/:endpointId': () => ({}),
  'POST /api/v1/orgs/:orgId/webhooks/:endpointId/rotate-secret': () => ({}),
  'GET /api/v1/orgs/:orgId/webhooks/:endpointId/deliveries': () => ({}),
  'POST /api/v1/orgs/:orgId/webhooks/:endpointId/deliveries/:deliveryId/redeliver': () => ({}),
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
  'POST /api/v1/orgs/:orgId/agents/from-template': () => ({
    payload: { template: 'customer_support', name: 'Sample support' },
  }),
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
  'POST /api/v1/orgs/:orgId/tools/presets': () => ({
    payload: { preset: 'hubspot', accessToken: 'pat-na1-sample-token' },
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
  'POST /api/v1/orgs/:orgId/tools/:toolId/mcp-refreshes': () => ({ tool: 'mcp' }),
  'GET /api/v1/orgs/:orgId/tools/:toolId/mcp-refreshes/:refreshId': () => ({ tool: 'mcp' }),
  'POST /api/v1/orgs/:orgId/tools/:toolId/google/connect': () => ({ tool: 'google' }),
  'POST /api/v1/orgs/:orgId/tools/:toolId/google/disconnect': () => ({ tool: 'google' }),
  'GET /api/v1/orgs/:orgId/agents/:agentId/call-readiness': () => ({}),
  'POST /api/v1/orgs/:orgId/agents/:agentId/calls/web': () => ({}),
  'POST /api/v1/orgs/:orgId/agents/:agentId/chats': () => ({ payload: {} }),
  'GET /api/v1/orgs/:orgId/chats/:callId': () => ({}),
  'POST /api/v1/orgs/:orgId/chats/:callId/messages': () => ({ payload: { text: 'Hello' } }),
  'DELETE /api/v1/orgs/:orgId/chats/:callId': () => ({}),
  // The fixture's preview is ready (arrangeFixture), so none of these queues a job.
  'GET /api/v1/orgs/:orgId/voice-previews': () => ({}),
  'POST /api/v1/orgs/:orgId/voice-previews': () => ({ payload: FIXTURE_VOICE_PREVIEW }),
  'GET /api/v1/orgs/:orgId/voice-previews/:provider/:voice': () => ({}),
  'GET /api/v1/orgs/:orgId/voice-previews/:provider/:voice/audio': () => ({}),
  'POST /api/v1/orgs/:orgId/calls/outbound': ({ agentId }) => ({
    payload: { agentId, toNumber: '+14155550199', variables: { name: 'Sample' } },
  }),
  'GET /api/v1/orgs/:orgId/phone': () => ({}),
  'PUT /api/v1/orgs/:orgId/phone/twilio': () => ({
    payload: { kind: 'auth_token', accountSid: FIXTURE_TWILIO_ACCOUNT, authToken: 'f'.repeat(32) },
  }),
  'POST /api/v1/orgs/:orgId/phone/searches': () => ({ payload: { country: 'US', areaCode: '415' } }),
  'POST /api/v1/orgs/:orgId/phone/account-numbers': () => ({}),
  'GET /api/v1/orgs/:orgId/phone/lookups/:lookupId': () => ({}),
  'GET /api/v1/orgs/:orgId/phone/numbers': () => ({}),
  'POST /api/v1/orgs/:orgId/phone/numbers': () => ({ payload: { e164: sampleE164() } }),
  'POST /api/v1/orgs/:orgId/phone/numbers/import': () => ({
    payload: { e164: sampleE164(), twilioSid: `PN${randomUUID().replace(/-/g, '')}` },
  }),
  'GET /api/v1/orgs/:orgId/phone/numbers/:phoneNumberId': () => ({}),
  'PATCH /api/v1/orgs/:orgId/phone/numbers/:phoneNumberId': ({ agentId }) => ({ payload: { agentId } }),
  'DELETE /api/v1/orgs/:orgId/phone/numbers/:phoneNumberId': () => ({}),
  'GET /api/v1/orgs/:orgId/calls': () => ({}),
  'GET /api/v1/orgs/:orgId/calls/:callId': () => ({}),
  'GET /api/v1/orgs/:orgId/analytics': () => ({}),
  'GET /api/v1/orgs/:orgId/analytics/calls.csv': () => ({}),
  'GET /api/v1/orgs/:orgId/agents/:agentId/latency': () => ({}),
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
    .replace(
      ':toolId',
      tool === 'google' ? fixture.googleToolId : tool === 'mcp' ? fixture.mcpToolId : fixture.toolId,
    )
    .replace(':runId', fixture.runId)
    .replace(':refreshId', fixture.mcpRefreshId)
    .replace('/chats/:callId', `/chats/${fixture.chatCallId}`)
    .replace(':callId', fixture.callId)
    .replace(':planId', fixture.planId)
    .replace(':packId', fixture.packId)
    .replace(':keyId', fixture.apiKeyId)
    .replace(':phoneNumberId', fixture.phoneNumberId)
    .replace(':lookupId', fixture.lookupId)
    .replace(':endpointId', fixture.webhookEndpointId)
    .replace(':deliveryId', fixture.webhookDeliveryId)
    .replace(':provider', FIXTURE_VOICE_PREVIEW.provider)
    .replace(':voice', FIXTURE_VOICE_PREVIEW.voice)
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
  const mcpUrl = 'https://mcp.example.test/mcp';
  const { id: mcpToolId } = await database.owner
    .insertInto('tools')
    .values({ organizationId: orgId, kind: 'mcp', name: 'MCP', config: JSON.stringify({ url: mcpUrl }) })
    .returning('id')
    .executeTakeFirstOrThrow();
  const { id: mcpRefreshId } = await database.owner
    .insertInto('mcpToolRefreshes')
    .values({ organizationId: orgId, toolId: mcpToolId, url: mcpUrl })
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
  const { id: chatCallId } = await database.owner
    .insertInto('calls')
    .values({
      organizationId: orgId,
      agentId,
      agentVersion: 1,
      channel: 'chat',
      roomName: `chat-${randomUUID()}`,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  // Previews are installation-wide: one ready row serves every fixture.
  await database.owner
    .insertInto('voicePreviews')
    .values({
      ...FIXTURE_VOICE_PREVIEW,
      sampleVersion: VOICE_PREVIEW_SAMPLE.version,
      status: 'ready',
      contentType: 'audio/wav',
      audio: Buffer.from('RIFF'),
    })
    .onConflict((conflict) => conflict.doNothing())
    .execute();
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
  const fixtureKey = generateApiKey();
  const { id: apiKeyId } = await database.owner
    .insertInto('apiKeys')
    .values({
      organizationId: orgId,
      name: 'Fixture key',
      prefix: fixtureKey.prefix,
      keyHash: fixtureKey.hash,
      permissions: ['agents:read'],
      createdBy: targetUserId,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  // A ready Twilio connection (as the worker tier leaves it), a ready number and an answered lookup.
  await database.owner
    .insertInto('phoneConnections')
    .values({
      organizationId: orgId,
      kind: 'installation',
      accountSid: FIXTURE_TWILIO_ACCOUNT,
      twilioTrunkSid: `TK${'0'.repeat(32)}`,
      terminationDomain: 'switchboard-fixture.pstn.twilio.com',
      livekitOutboundTrunkId: 'ST_fixture',
      status: 'ready',
    })
    .onConflict((conflict) =>
      conflict.column('organizationId').doUpdateSet({ status: 'ready', accountSid: FIXTURE_TWILIO_ACCOUNT }),
    )
    .execute();
  const { id: phoneNumberId } = await database.owner
    .insertInto('phoneNumbers')
    .values({ organizationId: orgId, e164: sampleE164(), agentId, status: 'ready' })
    .returning('id')
    .executeTakeFirstOrThrow();
  const { id: lookupId } = await database.owner
    .insertInto('phoneRequests')
    .values({
      organizationId: orgId,
      kind: 'search_numbers',
      status: 'succeeded',
      result: JSON.stringify([]),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  // A webhook endpoint (its secret sealed by nobody: no sample opens it) with one failed delivery.
  const { id: webhookEndpointId } = await database.owner
    .insertInto('webhookEndpoints')
    .values({
      organizationId: orgId,
      url: 'https://hooks.example.test/fixture',
      eventTypes: ['call.ended'],
      secretCiphertext: 'v2.fixture.fixture',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const { id: webhookDeliveryId } = await database.owner
    .insertInto('webhookDeliveries')
    .values({
      organizationId: orgId,
      endpointId: webhookEndpointId,
      eventType: 'call.ended',
      payload: JSON.stringify({ type: 'call.ended', timestamp: new Date().toISOString(), data: {} }),
      status: 'failed',
      attemptCount: 1,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return {
    orgId,
    targetUserId,
    invitationId,
    agentId,
    toolId,
    googleToolId,
    runId,
    mcpToolId,
    mcpRefreshId,
    callId,
    chatCallId,
    planId,
    packId,
    apiKeyId,
    phoneNumberId,
    lookupId,
    webhookEndpointId,
    webhookDeliveryId,
  };
}
