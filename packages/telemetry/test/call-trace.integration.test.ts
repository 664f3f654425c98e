import { trace } from '@opentelemetry/api';
import type { TestDatabase } from '@switchboard/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { descendsFrom, spansOfTrace, startInMemoryTelemetry } from './in-memory-telemetry.ts';

// Telemetry first: pino is patched as it loads, so the code under test is imported after.
const otel = await startInMemoryTelemetry();
const { initializeLogger, voice } = await import('@livekit/agents');
const { createCallRecorder } = await import('@switchboard/core/calls/call-recorder');
const { loadAgentRuntime } = await import('@switchboard/core/runtime/load-agent-runtime');
const { createTestDatabase } = await import('@switchboard/db/testing');
const { startTestServer } = await import('@switchboard/tools/testing/test-server');
const { issueCallToken } = await import('../../../apps/api/src/livekit/issue-call-token.ts');
const { parseDispatch } = await import('../../../apps/worker/src/livekit/call-metadata.ts');
const { preloadInCallTrace, startWorkerCallTrace } = await import(
  '../../../apps/worker/src/livekit/call-telemetry.ts'
);
const { buildAgent, greetingInstructions } = await import('../../../apps/worker/src/runtime/build-agent.ts');
const { createCallControl } = await import('../../../apps/worker/src/runtime/call-control.ts');
const { createCallSession } = await import('../../../apps/worker/src/runtime/call-session.ts');
const { egress, SHOP_API_KEY, secretBox, seedAgent, seedCall } = await import(
  '../../../apps/worker/test/seed-call.ts'
);
const { nextMessage } = await import('../../../apps/worker/test/session-events.ts');

initializeLogger({ pretty: false, level: 'warn' });

const GREETING = 'Hello there, this is Robin at Acme Dental.';
/** What the caller says: transcript text, which no exported span, metric or log may contain. */
const CALLER_SAYS = 'Where is order A-17? The transcript canary is tulip-7731.';
const LIVEKIT = {
  url: 'wss://switchboard-test.livekit.example',
  apiKey: 'APItestkey',
  apiSecret: 'test-livekit-secret-that-is-long-enough-0123',
  agentName: 'switchboard',
};

let db: TestDatabase;
let server: Awaited<ReturnType<typeof startTestServer>>;

beforeAll(async () => {
  db = await createTestDatabase();
  server = await startTestServer();
});
afterAll(async () => {
  await Promise.all([server?.close(), egress.close()]);
  await db?.destroy();
  await otel.telemetry.shutdown();
});

/** The dispatch metadata the worker receives: what the token's room configuration carries. */
function dispatchMetadataOf(token: string): string {
  const claims = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString('utf8'));
  return claims.roomConfig.agents[0].metadata;
}

describe('a call in the trace of the request that started it', () => {
  it("puts the worker's call span, its tool calls and LiveKit Agents' own spans under the dispatch context", async () => {
    const seeded = await seedAgent(db.owner, { baseUrl: server.baseUrl });
    const callId = await seedCall(db.owner, seeded);
    // The API's request span, dispatching the call (POST .../calls/web).
    const api = await trace.getTracer('test').startActiveSpan('POST /calls/web', async (span) => {
      const token = await issueCallToken(LIVEKIT, {
        roomName: `call-${callId}`,
        identity: 'user-1',
        name: 'Caller',
        metadata: { callId, organizationId: seeded.organizationId, agentId: seeded.agentId, agentVersion: 1 },
      });
      span.end();
      return { span, raw: dispatchMetadataOf(token) };
    });
    const dispatch = parseDispatch(api.raw);
    if (dispatch?.kind !== 'call') throw new Error('the dispatch is not a call');
    expect(dispatch.metadata.traceContext?.traceparent).toContain(api.span.spanContext().traceId);

    // As entry.ts runs a call, in text mode (no room).
    const callTrace = await startWorkerCallTrace(dispatch.metadata);
    const recorder = createCallRecorder(db.worker, { organizationId: seeded.organizationId, callId });
    const runtime = await callTrace.run(() =>
      loadAgentRuntime(
        { workerDb: db.worker, secretBox, egress },
        { organizationId: seeded.organizationId, agentId: seeded.agentId, version: 1 },
        createCallControl(() => undefined, undefined),
      ),
    );
    const fake = new voice.testing.FakeLLM([
      { input: greetingInstructions(GREETING), content: GREETING },
      { input: CALLER_SAYS, toolCalls: [{ name: 'lookup_order', args: { id: 'A-17' } }] },
    ]);
    const call = createCallSession({
      model: { kind: 'text', llm: fake },
      recorder,
      maxDurationSeconds: 900,
      silenceTimeoutSeconds: 600,
    });
    void call.ended.then((outcome) => callTrace.end(outcome));
    const agent = buildAgent(runtime, { tools: { observer: call.toolObserver } });
    const greeted = nextMessage(call.session, (message) => message.role === 'assistant');
    await callTrace.run(() => call.start({ agent }));
    await greeted;
    await call.session.run({ userInput: CALLER_SAYS }).wait();
    call.end('caller_hung_up');
    await call.ended;
    await callTrace.flush();

    const spans = spansOfTrace(otel.spans, api.span.spanContext().traceId);
    const names = spans.map((span) => span.name);
    const callSpan = spans.find((span) => span.name === 'call');
    const tool = spans.find((span) => span.name === 'tool lookup_order');
    expect(
      callSpan && descendsFrom(spans, callSpan, spans.find((span) => span.name === 'POST /calls/web')!),
    ).toBe(true);
    expect(tool && callSpan && descendsFrom(spans, tool, callSpan)).toBe(true);
    expect(tool?.attributes).toMatchObject({
      'switchboard.tool.kind': 'http',
      'switchboard.tool.source': 'call',
    });
    expect(callSpan?.attributes).toMatchObject({
      'switchboard.call.id': callId,
      'switchboard.call.end_reason': 'caller_hung_up',
    });
    // LiveKit Agents' own spans, in the same trace under the call span.
    for (const name of ['agent_session', 'function_tool']) expect(names).toContain(name);
    const sdkSpans = spans.filter((span) => span.instrumentationScope.name.startsWith('livekit'));
    expect(sdkSpans.length).toBeGreaterThan(0);
    for (const span of sdkSpans)
      expect([span.name, descendsFrom(spans, span, callSpan!)]).toEqual([span.name, true]);

    // Active calls back to zero, the call's duration recorded.
    await otel.telemetry.flush();
    const metricNames = otel.metrics
      .getMetrics()
      .flatMap((resource) =>
        resource.scopeMetrics.flatMap((scope) => scope.metrics.map((m) => m.descriptor.name)),
      );
    expect(metricNames).toEqual(
      expect.arrayContaining([
        'switchboard.calls.active',
        'switchboard.call.duration',
        'switchboard.tool.duration',
      ]),
    );

    const exported = await otel.exportedText();
    for (const canary of ['tulip-7731', SHOP_API_KEY, GREETING]) {
      expect([canary, exported.includes(canary)]).toEqual([canary, false]);
    }
  });

  it("puts the database spans of a web call's preloaded agent under the call span", async () => {
    const seeded = await seedAgent(db.owner, { baseUrl: server.baseUrl });
    const callId = await seedCall(db.owner, seeded);
    const api = await trace.getTracer('test').startActiveSpan('POST /calls/web (preload)', async (span) => {
      const token = await issueCallToken(LIVEKIT, {
        roomName: `call-${callId}`,
        identity: 'user-1',
        name: 'Caller',
        metadata: { callId, organizationId: seeded.organizationId, agentId: seeded.agentId, agentVersion: 1 },
      });
      span.end();
      return { span, raw: dispatchMetadataOf(token) };
    });
    const dispatch = parseDispatch(api.raw);
    if (dispatch?.kind !== 'call') throw new Error('the dispatch is not a call');

    // As entry.ts does for a web call: the span at the claim, the agent loading while the caller joins, and
    // awaited later, outside the call's context.
    const callTrace = await startWorkerCallTrace(dispatch.metadata);
    const preloaded = preloadInCallTrace(callTrace, () =>
      loadAgentRuntime(
        { workerDb: db.worker, secretBox, egress },
        { organizationId: seeded.organizationId, agentId: seeded.agentId, version: 1 },
        createCallControl(() => undefined, undefined),
      ),
    );
    await new Promise((resolve) => setImmediate(resolve));
    const runtime = await preloaded;
    expect(runtime.agent.config).toBeDefined();
    await runtime.close();
    callTrace.end({ endReason: 'caller_hung_up', durationSeconds: 1 });
    await callTrace.flush();

    const spans = spansOfTrace(otel.spans, api.span.spanContext().traceId);
    const callSpan = spans.find((span) => span.name === 'call');
    const request = spans.find((span) => span.name === 'POST /calls/web (preload)');
    expect(callSpan && request && descendsFrom(spans, callSpan, request)).toBe(true);
    // The tenant transaction of the load: BEGIN with its settings, the agent, its tools, COMMIT.
    const queries = spans.filter((span) => span.instrumentationScope.name === 'switchboard.db');
    expect(queries.length).toBeGreaterThanOrEqual(3);
    for (const query of queries) {
      expect([query.name, descendsFrom(spans, query, callSpan!)]).toEqual([query.name, true]);
    }
  });
});
