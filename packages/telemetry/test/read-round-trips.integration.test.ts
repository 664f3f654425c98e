import { randomBytes } from 'node:crypto';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spansOfTrace, startInMemoryTelemetry } from './in-memory-telemetry.ts';

// A read-only page's tenant transaction is two messages to PostgreSQL: the opening (BEGIN, the tenant's
// settings and the membership read) and its last read with COMMIT (`scope.commitWith`). Counted through the
// query spans a sampled trace gets, one per message (packages/telemetry/src/query-telemetry.ts).
const otel = await startInMemoryTelemetry({ incomingHttpSpans: false });
const harness = await import('../../../apps/api/test/harness.ts');
const { arrangeFixture } = await import('../../../apps/api/test/route-samples.ts');

let t: Awaited<ReturnType<typeof harness.createTestApp>>;
let admin: Awaited<ReturnType<typeof harness.signUp>>;
let pages: string[];

beforeAll(async () => {
  t = await harness.createTestApp();
  admin = await harness.signUp(t);
  const orgId = await harness.createOrganization(t, admin);
  const fixture = await arrangeFixture(t, orgId);
  const org = `/api/v1/orgs/${orgId}`;
  pages = [
    org,
    `${org}/agents`,
    `${org}/agents/${fixture.agentId}`,
    `${org}/agents/${fixture.agentId}/versions`,
    `${org}/members`,
    `${org}/invitations`,
    `${org}/api-keys`,
    `${org}/webhooks`,
    `${org}/phone/numbers`,
    `${org}/phone/numbers/${fixture.phoneNumberId}`,
    `${org}/tools/${fixture.toolId}/test-runs/${fixture.runId}`,
    `${org}/tools/${fixture.mcpToolId}/mcp-refreshes/${fixture.mcpRefreshId}`,
  ];
});
afterAll(async () => {
  await t?.close();
  await otel.telemetry.shutdown();
});

/** The texts of the messages the request's tenant transaction sent, in order, from its opening on. */
async function tenantMessagesOf(url: string): Promise<string[]> {
  const traceId = randomBytes(16).toString('hex');
  const response = await harness.request(t, admin, {
    method: 'GET',
    url,
    headers: { traceparent: `00-${traceId}-${randomBytes(8).toString('hex')}-01` },
  });
  expect(response.statusCode, url).toBe(200);
  const texts = spansOfTrace(otel.spans, traceId)
    .filter((span) => span.instrumentationScope.name === 'switchboard.db')
    .sort((a, b) => startOf(a) - startOf(b))
    .map((span) => String(span.attributes['db.query.text']));
  return texts.slice(texts.findIndex((text) => text.includes("set_config('app.org_id'")));
}

const startOf = (span: ReadableSpan) => span.startTime[0] * 1e9 + span.startTime[1];

describe('a read-only organization page', () => {
  it('sends PostgreSQL two messages: BEGIN with the membership read, then its last read with COMMIT', async () => {
    for (const url of pages) {
      // The first run on a connection prepares each statement (a message of its own): the next run is the
      // steady state.
      await tenantMessagesOf(url);
      const messages = await tenantMessagesOf(url);
      expect(messages, url).toHaveLength(2);
      expect(messages[0], url).toMatch(/^begin; /);
      expect(messages[1], url).toMatch(/^execute sb_\w+(\(.*\))?; commit$/);
    }
  });
});
