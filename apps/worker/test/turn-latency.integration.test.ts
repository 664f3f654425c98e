import { initializeLogger, type metrics, voice } from '@livekit/agents';
import { createCallRecorder } from '@switchboard/core/calls/call-recorder';
import { loadAgentRuntime } from '@switchboard/core/runtime/load-agent-runtime';
import { createTestDatabase, type TestDatabase } from '@switchboard/db/testing';
import { startTestServer, type TestServer } from '@switchboard/tools/testing/test-server';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildAgent } from '../src/runtime/build-agent.ts';
import { createCallControl } from '../src/runtime/call-control.ts';
import { type CallSession, createCallSession } from '../src/runtime/call-session.ts';
import { createModel } from '../src/runtime/create-model.ts';
import { type FakeChatCompletions, startFakeChatCompletions, textOf } from './fake-chat-completions.ts';
import { egress, type SeededAgent, secretBox, seedAgent, seedCall } from './seed-call.ts';
import { nextMessage } from './session-events.ts';

initializeLogger({ pretty: false, level: 'warn' });

const GREETING = 'Hello there, this is Robin at Acme Dental.';

let db: TestDatabase;
let shop: TestServer;
let chat: FakeChatCompletions;
let seeded: SeededAgent;

beforeAll(async () => {
  db = await createTestDatabase();
  shop = await startTestServer();
  chat = await startFakeChatCompletions(({ body }) => {
    const last = body.messages.at(-1);
    if (last?.role === 'tool') return { content: 'Order A-17 is on its way.' };
    if (last?.role === 'user' && textOf(last).includes('order')) {
      return { toolCalls: [{ id: 'call_lookup_1', name: 'lookup_order', arguments: { id: 'A-17' } }] };
    }
    return { content: GREETING };
  });
  seeded = await seedAgent(db.owner, {
    baseUrl: shop.baseUrl,
    model: { provider: 'openai_compatible', baseUrl: chat.baseUrl, model: 'fake-chat' },
  });
});
afterAll(async () => {
  await Promise.all([shop.close(), chat.close(), egress.close()]);
  await db.destroy();
});

async function startCall() {
  const callId = await seedCall(db.owner, seeded);
  const recorder = createCallRecorder(db.worker, { organizationId: seeded.organizationId, callId });
  let call: CallSession | undefined;
  const runtime = await loadAgentRuntime(
    { workerDb: db.worker, secretBox, egress },
    { organizationId: seeded.organizationId, agentId: seeded.agentId, version: 1 },
    createCallControl(() => call, undefined),
  );
  const model = createModel(runtime.agent.config, { OPENAI_API_KEY: 'sk-operator-unused' }, egress);
  if (model.kind !== 'pipeline') throw new Error(`expected a pipeline, got ${model.kind}`);
  call = createCallSession({
    model: { kind: 'text', llm: model.llm },
    recorder,
    maxDurationSeconds: 900,
    silenceTimeoutSeconds: 600,
  });
  const agent = buildAgent(runtime, { tools: { observer: call.toolObserver } });
  const greeted = nextMessage(call.session, (message) => message.role === 'assistant');
  await call.start({ agent });
  await greeted;
  return { call, callId };
}

const turnsOf = (callId: string) =>
  db.owner.selectFrom('callTurns').selectAll().where('callId', '=', callId).orderBy('turnIndex').execute();

describe('per-turn latency, from the SDK metrics of a text-mode session', () => {
  it("records each reply's first token and its function time, numbered per call, through the recorder", async () => {
    const { call, callId } = await startCall();
    await call.session.run({ userInput: 'Where is my order A-17?' }).wait();

    // The greeting and the answer are two turns; the answer's two model requests (the function call, then
    // the reply from its output) are one turn, whose first token is the first request's.
    await vi.waitFor(async () => {
      const turns = await turnsOf(callId);
      expect(turns).toEqual([
        expect.objectContaining({
          organizationId: seeded.organizationId,
          turnIndex: 1,
          speechId: expect.stringMatching(/^speech_/),
          endOfUtteranceMs: null,
          firstTokenMs: expect.any(Number),
          firstAudioMs: null,
          toolCalls: 0,
          toolMs: 0,
        }),
        expect.objectContaining({
          turnIndex: 2,
          speechId: expect.stringMatching(/^speech_/),
          firstTokenMs: expect.any(Number),
          toolCalls: 1,
          toolMs: expect.any(Number),
        }),
      ]);
    });
    const [, answer] = await turnsOf(callId);

    // With audio, the SDK measures the end of the caller's utterance under the reply's speech id; the same
    // event (the SDK's own metrics object) lands on that turn, which keeps what it had.
    const eou: metrics.EOUMetrics = {
      type: 'eou_metrics',
      timestamp: Date.now(),
      endOfUtteranceDelayMs: 412.6,
      transcriptionDelayMs: 120.2,
      onUserTurnCompletedDelayMs: 0.4,
      lastSpeakingTimeMs: Date.now() - 600,
      speechId: answer!.speechId,
    };
    call.session.emit(
      voice.AgentSessionEventTypes.MetricsCollected,
      voice.createMetricsCollectedEvent({ metrics: eou }),
    );
    // A realtime model's response has no speech id: its request id names the turn, its ttft is first audio.
    const realtime: metrics.RealtimeModelMetrics = {
      type: 'realtime_model_metrics',
      label: 'openai.realtime.RealtimeModel',
      requestId: 'resp_1',
      timestamp: Date.now(),
      durationMs: 900,
      ttftMs: 310.4,
      cancelled: false,
      inputTokens: 10,
      outputTokens: 20,
      totalTokens: 30,
      tokensPerSecond: 20,
      inputTokenDetails: { audioTokens: 0, textTokens: 10, imageTokens: 0, cachedTokens: 0 },
      outputTokenDetails: { textTokens: 0, audioTokens: 20, imageTokens: 0 },
    };
    call.session.emit(
      voice.AgentSessionEventTypes.MetricsCollected,
      voice.createMetricsCollectedEvent({ metrics: realtime }),
    );

    await vi.waitFor(async () => {
      const turns = await turnsOf(callId);
      expect(turns[1]).toMatchObject({
        speechId: answer!.speechId,
        endOfUtteranceMs: 413,
        transcriptionMs: 120,
        firstTokenMs: answer!.firstTokenMs,
        toolCalls: 1,
        toolMs: answer!.toolMs,
      });
      expect(turns[2]).toMatchObject({
        turnIndex: 3,
        speechId: 'resp_1',
        firstTokenMs: null,
        firstAudioMs: 310,
      });
    });

    call.end('caller_hung_up');
    expect(await call.ended).toMatchObject({ finalized: true });
  });
});
