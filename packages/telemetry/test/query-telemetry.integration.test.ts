import { context, SpanKind, SpanStatusCode, TraceFlags, trace } from '@opentelemetry/api';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { withTenant } from '@switchboard/db/tenant';
import { createTestDatabase, type TestDatabase } from '@switchboard/db/testing';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedOrganization } from '../../db/test/fixtures.ts';
import { startInMemoryTelemetry } from './in-memory-telemetry.ts';

const otel = await startInMemoryTelemetry();

/** A parameter's value: no exported span may contain it. */
const CANARY = 'query-canary-5521';

let db: TestDatabase;
let tenant: Awaited<ReturnType<typeof seedOrganization>>;

beforeAll(async () => {
  db = await createTestDatabase();
  tenant = await seedOrganization(db.owner, 'query-telemetry');
});
afterAll(async () => {
  await db?.destroy();
  await otel.telemetry.shutdown();
});

const tracer = trace.getTracer('test');

/** Runs `fn` in a sampled span and answers the query spans of its trace, in the order they ended. */
async function querySpansOf(
  fn: () => Promise<unknown>,
): Promise<{ parent: ReadableSpan; queries: ReadableSpan[] }> {
  const parentId = await tracer.startActiveSpan('request', async (span) => {
    await fn().finally(() => span.end());
    return span.spanContext().spanId;
  });
  const spans = otel.spans.getFinishedSpans();
  const parent = spans.find((span) => span.spanContext().spanId === parentId)!;
  const traceId = parent.spanContext().traceId;
  const queries = spans.filter(
    (span) => span.spanContext().traceId === traceId && span.instrumentationScope.name === 'switchboard.db',
  );
  return { parent, queries };
}

const querySpanCount = () =>
  otel.spans.getFinishedSpans().filter((span) => span.instrumentationScope.name === 'switchboard.db').length;

const agentsNamed = (name: string) => db.owner.selectFrom('agents').select('id').where('name', '=', name);

describe('a span per database statement', () => {
  it('inside a sampled span: a client child span with the statement text, never its parameters', async () => {
    const { parent, queries } = await querySpansOf(() => agentsNamed(CANARY).execute());
    const url = new URL(db.urls.owner);
    const database = url.pathname.slice(1);
    expect(queries).toHaveLength(1);
    const [query] = queries;
    expect(query!.name).toBe(`SELECT ${database}`);
    expect(query!.kind).toBe(SpanKind.CLIENT);
    expect(query!.parentSpanContext?.spanId).toBe(parent.spanContext().spanId);
    expect(query!.attributes).toEqual({
      'db.system.name': 'postgresql',
      'db.query.text': agentsNamed(CANARY).compile().sql,
      'db.operation.name': 'SELECT',
      'db.namespace': database,
      'server.address': url.hostname,
      'server.port': Number(url.port),
    });
    expect(query!.attributes['db.query.text']).toMatch(/\$1/);
    expect(await otel.exportedText()).not.toContain(CANARY);
  });

  it("names a tenant transaction's opening BEGIN, with the text sent for it", async () => {
    const { queries } = await querySpansOf(() =>
      withTenant(db.app, { orgId: tenant.organizationId, userId: tenant.userId }, (tx) =>
        tx.selectFrom('agents').select('id').where('name', '=', CANARY).execute(),
      ),
    );
    expect(queries.map((query) => query.attributes['db.operation.name'])).toEqual([
      'BEGIN',
      'SELECT',
      'COMMIT',
    ]);
    expect(queries[0]!.attributes['db.query.text']).toMatch(/^begin; select set_config\('app\.org_id'/);
    expect(queries[0]!.attributes['db.query.text']).toContain(tenant.organizationId);
    expect(await otel.exportedText()).not.toContain(CANARY);
  });

  it('makes none without an active span, or inside an unsampled one', async () => {
    const before = querySpanCount();
    await agentsNamed('no span').execute();
    const unsampled = trace.wrapSpanContext({
      traceId: 'a1'.repeat(16),
      spanId: 'b2'.repeat(8),
      traceFlags: TraceFlags.NONE,
    });
    await context.with(trace.setSpan(context.active(), unsampled), async () => {
      expect(trace.getActiveSpan()?.isRecording()).toBe(false);
      await agentsNamed('unsampled').execute();
    });
    expect(querySpanCount()).toBe(before);
  });

  it('ends a failing statement with status ERROR and its SQLSTATE as error.type', async () => {
    const { queries } = await querySpansOf(() =>
      expect(sql`select 1/0`.execute(db.owner)).rejects.toThrow('division by zero'),
    );
    expect(queries).toHaveLength(1);
    expect(queries[0]!.status.code).toBe(SpanStatusCode.ERROR);
    expect(queries[0]!.attributes).toMatchObject({
      'error.type': '22012',
      'db.response.status_code': '22012',
    });
  });

  it("keeps an error's message, but not a data exception's, which quotes the value it could not read", async () => {
    const missing = await querySpansOf(() =>
      expect(sql`select * from no_such_table`.execute(db.owner)).rejects.toThrow(),
    );
    expect(missing.queries[0]!.status).toEqual({
      code: SpanStatusCode.ERROR,
      message: 'relation "no_such_table" does not exist',
    });
    const unreadable = await querySpansOf(() =>
      expect(sql`select ${CANARY}::uuid`.execute(db.owner)).rejects.toThrow(CANARY),
    );
    expect(unreadable.queries[0]!.status).toEqual({ code: SpanStatusCode.ERROR });
    expect(unreadable.queries[0]!.attributes['error.type']).toBe('22P02');
    expect(await otel.exportedText()).not.toContain(CANARY);
  });
});
