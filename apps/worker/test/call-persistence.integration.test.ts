import { initializeLogger, voice } from '@livekit/agents';
import { type CallRecorder, createCallRecorder } from '@switchboard/core/calls/call-recorder';
import { loadAgentRuntime } from '@switchboard/core/runtime/load-agent-runtime';
import { createTestDatabase, type TestDatabase } from '@switchboard/db/testing';
import { startTestServer, type TestServer } from '@switchboard/tools/testing/test-server';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildAgent, greetingInstructions } from '../src/runtime/build-agent.ts';
import { createCallControl } from '../src/runtime/call-control.ts';
import {
  type CallSession,
  createCallSession,
  MAX_DURATION_GOODBYE,
  SILENCE_GOODBYE,
} from '../src/runtime/call-session.ts';
import { egress, type SeededAgent, secretBox, seedAgent, seedCall } from './seed-call.ts';
import { nextMessage } from './session-events.ts';

initializeLogger({ pretty: false, level: 'warn' });

const GREETING = 'Hello there, this is Robin at Acme Dental.';

let db: TestDatabase;
let server: TestServer;
let seeded: SeededAgent;

beforeAll(async () => {
  db = await createTestDatabase();
  server = await startTestServer();
  seeded = await seedAgent(db.owner, { baseUrl: server.baseUrl });
});
afterAll(async () => {
  await Promise.all([server.close(), egress.close()]);
  await db.destroy();
});

/** The real recorder, counting how often the session finalizes through it. */
function countingFinalize(recorder: CallRecorder) {
  const counted = { ...recorder, finalizeCalls: 0 };
  counted.finalize = (end) => {
    counted.finalizeCalls += 1;
    return recorder.finalize(end);
  };
  return counted;
}

async function startCall(
  responses: voice.testing.FakeLLMResponse[],
  limits = { maxDurationSeconds: 900, silenceTimeoutSeconds: 600 },
) {
  const callId = await seedCall(db.owner, seeded);
  const recorder = countingFinalize(
    createCallRecorder(db.worker, { organizationId: seeded.organizationId, callId }),
  );
  let call: CallSession | undefined;
  const runtime = await loadAgentRuntime(
    { workerDb: db.worker, secretBox, egress },
    { organizationId: seeded.organizationId, agentId: seeded.agentId, version: 1 },
    createCallControl(() => call, undefined),
  );
  const fake = new voice.testing.FakeLLM([
    { input: greetingInstructions(GREETING), content: GREETING },
    ...responses,
  ]);
  call = createCallSession({ model: { kind: 'text', llm: fake }, recorder, ...limits });
  const agent = buildAgent(runtime, { tools: { observer: call.toolObserver } });
  const greeted = nextMessage(call.session, (message) => message.role === 'assistant');
  await call.start({ agent });
  await greeted;
  return { call, callId, recorder };
}

const transcriptOf = (callId: string) =>
  db.owner
    .selectFrom('callTranscriptItems')
    .select(['seq', 'role', 'text', 'interrupted'])
    .where('callId', '=', callId)
    .orderBy('seq')
    .execute();

const callRowOf = (callId: string) =>
  db.owner
    .selectFrom('calls')
    .select(['status', 'endReason', 'durationSeconds', 'usage', 'startedAt', 'endedAt', 'finalizedAt'])
    .where('id', '=', callId)
    .executeTakeFirstOrThrow();

describe('what a call writes, as it happens', () => {
  it('writes transcript items and tool calls during the call, before it ends', async () => {
    const { call, callId } = await startCall([
      { input: 'Where is order A-17?', toolCalls: [{ name: 'lookup_order', args: { id: 'A-17' } }] },
    ]);
    await call.session.run({ userInput: 'Where is order A-17?' }).wait();

    // Still running: nothing has been finalized, yet everything said and done so far is stored.
    await vi.waitFor(async () =>
      expect(await transcriptOf(callId)).toEqual([
        { seq: 1, role: 'assistant', text: GREETING, interrupted: false },
        { seq: 2, role: 'user', text: 'Where is order A-17?', interrupted: false },
      ]),
    );
    // Writes are queued off the conversation's path: they land in order, shortly after.
    await vi.waitFor(async () =>
      expect(
        await db.owner.selectFrom('callToolCalls').selectAll().where('callId', '=', callId).execute(),
      ).toEqual([
        expect.objectContaining({
          organizationId: seeded.organizationId,
          toolCallId: 'fake_call_0',
          functionName: 'lookup_order',
          toolId: seeded.shopToolId,
          arguments: { id: 'A-17' },
          result: expect.objectContaining({ path: '/echo/orders/A-17' }),
          isError: false,
          finishedAt: expect.any(Date),
        }),
      ]),
    );
    expect(await callRowOf(callId)).toMatchObject({
      status: 'active',
      startedAt: expect.any(Date),
      finalizedAt: null,
    });
    call.end('caller_hung_up');
    await call.ended;
  });

  it('finalizes once, even when the close is reported twice', async () => {
    const { call, callId, recorder } = await startCall([]);
    call.end('caller_hung_up');
    expect(await call.ended).toMatchObject({ endReason: 'caller_hung_up', finalized: true });
    const finalized = await callRowOf(callId);
    expect(finalized).toMatchObject({
      status: 'ended',
      endReason: 'caller_hung_up',
      finalizedAt: expect.any(Date),
    });
    expect(finalized.usage).toEqual({ modelUsage: expect.any(Array) });

    // The SDK reports the close again: the session does not finalize a second time.
    call.session.emit(
      voice.AgentSessionEventTypes.Close,
      voice.createCloseEvent(voice.CloseReason.PARTICIPANT_DISCONNECTED),
    );
    expect(recorder.finalizeCalls).toBe(1);
    // And a late report through the recorder (say, the room's webhook) changes nothing.
    expect(
      await recorder.finalize({ endReason: 'room_closed', durationSeconds: 999, usage: { late: true } }),
    ).toBe(false);
    expect(await callRowOf(callId)).toEqual(finalized);
  });

  it('ends at the maximum duration after a goodbye', async () => {
    const goodbye = 'We have reached the time limit for this call. Goodbye!';
    const { call, callId } = await startCall([{ input: MAX_DURATION_GOODBYE, content: goodbye }], {
      maxDurationSeconds: 0.2,
      silenceTimeoutSeconds: 600,
    });
    expect(await call.ended).toMatchObject({ endReason: 'max_duration', finalized: true });
    expect((await transcriptOf(callId)).map((item) => item.text)).toEqual([GREETING, goodbye]);
    expect(await callRowOf(callId)).toMatchObject({ status: 'ended', endReason: 'max_duration' });
  });

  it('ends after the caller has been silent too long, with a goodbye', async () => {
    const goodbye = 'I have not heard from you, so I will hang up now. Goodbye!';
    const { call, callId } = await startCall([{ input: SILENCE_GOODBYE, content: goodbye }], {
      maxDurationSeconds: 900,
      silenceTimeoutSeconds: 0.2,
    });
    expect(await call.ended).toMatchObject({ endReason: 'silence_timeout', finalized: true });
    expect((await transcriptOf(callId)).map((item) => item.text)).toEqual([GREETING, goodbye]);
  });
});
