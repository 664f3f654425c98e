import { initializeLogger, voice } from '@livekit/agents';
import { createCallRecorder } from '@switchboard/core/calls/call-recorder';
import { loadAgentRuntime } from '@switchboard/core/runtime/load-agent-runtime';
import { createTestDatabase, type TestDatabase } from '@switchboard/db/testing';
import { startTestServer, type TestServer } from '@switchboard/tools/testing/test-server';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { buildAgent, greetingInstructions } from '../src/runtime/build-agent.ts';
import { createCallControl } from '../src/runtime/call-control.ts';
import { type CallSession, createCallSession } from '../src/runtime/call-session.ts';
import { toolTimeoutMessage } from '../src/runtime/wrap-tools.ts';
import { egress, type SeededAgent, SHOP_API_KEY, secretBox, seedAgent, seedCall } from './seed-call.ts';
import { nextClose, nextMessage } from './session-events.ts';

initializeLogger({ pretty: false, level: 'warn' });

const TOOL_TIMEOUT_MS = 300;
const CALLER = '+4930123456';
const GREETING = `Hello ${CALLER}, this is Robin at Acme Dental.`;

let db: TestDatabase;
let server: TestServer;
let seeded: SeededAgent;
const sessions: CallSession[] = [];

beforeAll(async () => {
  db = await createTestDatabase();
  // `/hang/...` never answers: a function whose API hangs.
  server = await startTestServer({ '/hang': () => {} });
  seeded = await seedAgent(db.owner, { baseUrl: server.baseUrl });
});
afterEach(async () => {
  for (const call of sessions.splice(0)) {
    call.end('room_closed');
    await call.ended;
  }
});
afterAll(async () => {
  await Promise.all([server.close(), egress.close()]);
  await db.destroy();
});

/** What the worker's entry does for a call, without a room: load from the database, build, start, greet. */
async function startCall(fake: voice.testing.FakeLLM, callerNumber?: string) {
  const callId = await seedCall(db.owner, seeded);
  const recorder = createCallRecorder(db.worker, { organizationId: seeded.organizationId, callId });
  let call: CallSession | undefined;
  const runtime = await loadAgentRuntime(
    { workerDb: db.worker, secretBox, egress },
    { organizationId: seeded.organizationId, agentId: seeded.agentId, version: 1 },
    createCallControl(() => call, undefined),
  );
  call = createCallSession({
    model: { kind: 'text', llm: fake },
    recorder,
    maxDurationSeconds: 900,
    silenceTimeoutSeconds: 600,
  });
  sessions.push(call);
  const agent = buildAgent(runtime, {
    callerNumber,
    tools: { observer: call.toolObserver, timeoutMs: TOOL_TIMEOUT_MS },
  });
  const greeting = nextMessage(call.session, (message) => message.role === 'assistant');
  await call.start({ agent });
  return { call, agent, callId, greeting: await greeting };
}

function fakeLLM(responses: voice.testing.FakeLLMResponse[], greeting = GREETING) {
  return new voice.testing.FakeLLM([
    { input: greetingInstructions(greeting), content: greeting },
    ...responses,
  ]);
}

async function callRow(callId: string) {
  return db.owner
    .selectFrom('calls')
    .select(['status', 'endReason', 'finalizedAt', 'durationSeconds'])
    .where('id', '=', callId)
    .executeTakeFirstOrThrow();
}

describe('an agent configured in the database, in a text session', () => {
  it('greets on entry with the variables filled, and offers exactly the enabled functions', async () => {
    const { agent, greeting } = await startCall(fakeLLM([]), CALLER);
    expect(greeting.textContent).toBe(GREETING);
    // transfer_call is enabled too, but a web call cannot be transferred: it is offered on phone calls only.
    expect(Object.keys(agent.toolCtx.functionTools).sort()).toEqual([
      'end_call',
      'lookup_order',
      'order_report',
    ]);
    expect(agent.instructions).toContain('You are the receptionist of a dental practice.');
    expect(agent.instructions).toContain('Europe/Berlin');
  });

  it('says a neutral word for an unknown caller', async () => {
    const greeting = 'Hello there, this is Robin at Acme Dental.';
    const started = await startCall(fakeLLM([], greeting));
    expect(started.greeting.textContent).toBe(greeting);
  });

  it('calls the real HTTP API with the model’s arguments and the opened secret', async () => {
    const { call } = await startCall(
      fakeLLM([
        { input: 'Where is order A-17?', toolCalls: [{ name: 'lookup_order', args: { id: 'A-17' } }] },
      ]),
      CALLER,
    );
    const result = await call.session.run({ userInput: 'Where is order A-17?' }).wait();
    result.expect.nextEvent().isFunctionCall({ name: 'lookup_order', args: { id: 'A-17' } });
    const output = result.expect.nextEvent().isFunctionCallOutput({ isError: false }).event().item;
    expect(JSON.parse(output.output)).toMatchObject({ path: '/echo/orders/A-17' });
    expect(server.requests.at(-1)).toMatchObject({
      method: 'GET',
      path: '/echo/orders/A-17',
      headers: { authorization: `Bearer ${SHOP_API_KEY}` },
    });
  });

  it('answers invalid arguments with a ToolError the model reads, without calling the API', async () => {
    const invalid = 'Invalid arguments for lookup_order: "id" must be string';
    const { call } = await startCall(
      fakeLLM([
        { input: 'Order twelve please', toolCalls: [{ name: 'lookup_order', args: { id: 12 } }] },
        { input: invalid, content: 'Could you spell the order number?' },
      ]),
      CALLER,
    );
    const before = server.requests.length;
    const result = await call.session.run({ userInput: 'Order twelve please' }).wait();
    result.expect.nextEvent().isFunctionCall({ name: 'lookup_order' });
    const output = result.expect.nextEvent().isFunctionCallOutput({ isError: true }).event().item;
    expect(output.output).toBe(invalid);
    result.expect.nextEvent().isMessage({ role: 'assistant' });
    expect(server.requests.length).toBe(before);
  });

  it('gives up on a function that hangs, and the model hears it failed', async () => {
    const timedOut = toolTimeoutMessage('order_report');
    const { call, callId } = await startCall(
      fakeLLM([
        { input: 'Report on A-17', toolCalls: [{ name: 'order_report', args: { id: 'A-17' } }] },
        { input: timedOut, content: 'Sorry, the report is not available right now.' },
      ]),
      CALLER,
    );
    const result = await call.session.run({ userInput: 'Report on A-17' }).wait();
    result.expect.nextEvent().isFunctionCall({ name: 'order_report', args: { id: 'A-17' } });
    const output = result.expect.nextEvent().isFunctionCallOutput({ isError: true }).event().item;
    expect(output.output).toBe(timedOut);
    result.expect.nextEvent().isMessage({ role: 'assistant' });
    expect(server.requests.at(-1)?.path).toBe('/hang/A-17');
    // Recorded off the conversation's path: the write lands shortly after the turn.
    await expect
      .poll(() =>
        db.owner
          .selectFrom('callToolCalls')
          .select(['functionName', 'isError', 'result'])
          .where('callId', '=', callId)
          .executeTakeFirst(),
      )
      .toEqual({ functionName: 'order_report', isError: true, result: { error: timedOut } });
  });

  it('ends the session when the model calls end_call, and finalizes the call as agent_ended', async () => {
    const { call, callId } = await startCall(
      fakeLLM([
        {
          input: 'That is all, bye',
          content: 'Goodbye!',
          toolCalls: [{ name: 'end_call', args: { reason: 'caller is done' } }],
        },
      ]),
      CALLER,
    );
    const closed = nextClose(call.session);
    void call.session.run({ userInput: 'That is all, bye' });
    expect((await closed).reason).toBe('agent_ended');
    expect(await call.ended).toMatchObject({ endReason: 'agent_ended', finalized: true });
    expect(await callRow(callId)).toMatchObject({ status: 'ended', endReason: 'agent_ended' });
  });
});
