import { SpanKind, trace } from '@opentelemetry/api';
import type { JobRunner } from '@switchboard/core/jobs/run-jobs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { descendsFrom, spansOfTrace, startInMemoryTelemetry } from './in-memory-telemetry.ts';

// Telemetry first: pino and http are patched as they load, so the code under test is imported after.
// As in the API's process: it makes its requests' server spans and HTTP metric itself.
const otel = await startInMemoryTelemetry({ incomingHttpSpans: false });
const harness = await import('../../../apps/api/test/harness.ts');
const { createLogger } = await import('../../../apps/api/src/logger.ts');
const { startTestServer } = await import('@switchboard/tools/testing/test-server');

let t: Awaited<ReturnType<typeof harness.createTestApp>>;
let admin: Awaited<ReturnType<typeof harness.signUp>>;
let server: Awaited<ReturnType<typeof startTestServer>>;
let jobs: JobRunner;
let apiUrl: string;
let toolUrl: string;
const apiKey = harness.testSecret();
/** The verification token of the user's sign-up link: a credential that went through a URL. */
let verificationToken: string;

beforeAll(async () => {
  // The API logs every request through pino, as in production. (vitest loads pino itself, out of the
  // instrumentation's reach: the export of pino lines is checked in a real process, otlp-process.)
  t = await harness.createTestApp({ logger: createLogger('info', { write: () => {} }) });
  apiUrl = await t.app.listen({ host: '127.0.0.1', port: 0 });
  server = await startTestServer();
  jobs = await harness.startJobs(t);
  admin = await harness.signUp(t);
  const link = await t.database.owner
    .selectFrom('emailOutbox')
    .select('textBody')
    .where('toAddress', '=', admin.email.toLowerCase())
    .executeTakeFirstOrThrow();
  verificationToken =
    new URL(link.textBody.match(/https?:\/\/\S+/)?.[0] ?? '').searchParams.get('token') ?? '';
  const orgId = await harness.createOrganization(t, admin);
  const tool = await harness.request(t, admin, {
    method: 'POST',
    url: `/api/v1/orgs/${orgId}/tools`,
    payload: {
      kind: 'http',
      name: 'Shop',
      config: {
        headers: { 'x-api-key': '{{secrets.api_key}}', authorization: 'Bearer {{secrets.api_key}}' },
        functions: [
          {
            name: 'lookup_order',
            description: 'Find an order',
            parameters: { type: 'object', properties: { id: { type: 'string' } }, required: ['id'] },
            method: 'GET',
            url: `${server.baseUrl}/echo/orders/{{id}}`,
            query: ['id'],
          },
        ],
      },
      secrets: { api_key: apiKey },
    },
  });
  expect(tool.statusCode).toBe(201);
  toolUrl = `/api/v1/orgs/${orgId}/tools/${tool.json().id}`;
});
afterAll(async () => {
  await jobs?.stop();
  await server?.close();
  await t?.close();
  await otel.telemetry.shutdown();
});

describe('one trace per user action', () => {
  it('a tool test run crosses dashboard proxy → API → database → job queue → job runner → tool with one trace id', async () => {
    // The dashboard's proxy is an HTTP client of the API: its span is the root here, and fetch carries it.
    const tracer = trace.getTracer('test');
    const { rootSpan, runId } = await tracer.startActiveSpan('dashboard proxy', async (rootSpan) => {
      const response = await fetch(`${apiUrl}${toolUrl}/test-runs`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: harness.PUBLIC_URL, cookie: admin.cookie },
        body: JSON.stringify({ functionName: 'lookup_order', arguments: { id: 'A-17' } }),
      });
      rootSpan.end();
      expect(response.status).toBe(202);
      return { rootSpan, runId: ((await response.json()) as { id: string }).id };
    });
    const traceId = rootSpan.spanContext().traceId;

    await vi.waitFor(
      async () => {
        const run = await harness.request(t, admin, { method: 'GET', url: `${toolUrl}/test-runs/${runId}` });
        expect(run.json().status).toBe('succeeded');
      },
      { timeout: 15_000, interval: 100 },
    );
    await vi.waitFor(() => {
      const names = spansOfTrace(otel.spans, traceId).map((span) => span.name);
      expect(names).toEqual(expect.arrayContaining(['job run_tool_test', 'tool lookup_order']));
    });

    const spans = spansOfTrace(otel.spans, traceId);
    const root = spans.find((span) => span.name === 'dashboard proxy')!;
    const apiServer = spans.find(
      (span) => span.kind === SpanKind.SERVER && span.attributes['http.request.method'] === 'POST',
    );
    const statementOf = (span: (typeof spans)[number]) => String(span.attributes['db.query.text'] ?? '');
    const query = spans.find((span) => /jobs\.enqueue/.test(statementOf(span)));
    const job = spans.find((span) => span.name === 'job run_tool_test')!;
    const tool = spans.find((span) => span.name === 'tool lookup_order')!;
    const toolRequest = spans.find(
      (span) =>
        span.kind === SpanKind.CLIENT && String(span.attributes['url.full'] ?? '').startsWith(server.baseUrl),
    );
    expect(apiServer && descendsFrom(spans, apiServer, root)).toBe(true);
    expect(query && apiServer && descendsFrom(spans, query, apiServer)).toBe(true);
    expect(descendsFrom(spans, job, root)).toBe(true);
    expect(descendsFrom(spans, tool, job)).toBe(true);
    expect(toolRequest && descendsFrom(spans, toolRequest, tool)).toBe(true);
    expect(tool.attributes).toMatchObject({
      'switchboard.tool.kind': 'http',
      'switchboard.tool.function': 'lookup_order',
      'switchboard.tool.source': 'test_run',
      'switchboard.tool.outcome': 'ok',
    });
    // Statement text only: Kysely's parameters (the run's arguments among them) are never exported.
    expect(query && statementOf(query)).toMatch(/\$1/);
  });

  it('measures HTTP, the pools, the job queue and tools by function', async () => {
    await otel.telemetry.flush();
    const names = new Set(
      otel.metrics
        .getMetrics()
        .flatMap((resource) =>
          resource.scopeMetrics.flatMap((scope) => scope.metrics.map((m) => m.descriptor.name)),
        ),
    );
    const httpServer = otel.pointsOf('http.server.request.duration');
    // By route pattern, never by URL: the tool's id is not in it.
    expect(httpServer).toContainEqual({
      'http.request.method': 'POST',
      'url.scheme': 'http',
      'http.response.status_code': 202,
      'http.route': '/api/v1/orgs/:orgId/tools/:toolId/test-runs',
    });
    for (const name of [
      'http.server.request.duration',
      'switchboard.db.pool.connections',
      'switchboard.db.pool.waiting',
      'switchboard.job.runs',
      'switchboard.job.duration',
      'switchboard.job.queue.waiting',
      'switchboard.tool.duration',
    ]) {
      expect([name, names.has(name)]).toEqual([name, true]);
    }
  });

  it('exports no secret, token, cookie or email address in any span, metric or log', async () => {
    const exported = await otel.exportedText();
    const sessionToken = admin.cookie.split('=')[1]!.split('.')[0]!;
    expect(verificationToken.length).toBeGreaterThan(10);
    for (const canary of [harness.SECRET_MARKER, apiKey, sessionToken, admin.email, verificationToken]) {
      expect([canary, exported.includes(canary)]).toEqual([canary, false]);
    }
    // The scan saw the flow: the tool's request and the sign-up are in it.
    expect(exported).toContain('lookup_order');
    expect(exported).toContain('/api/auth/sign-up/email');
  });
});
