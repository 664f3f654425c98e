import { initializeLogger } from '@livekit/agents';
import { createCallRecorder } from '@switchboard/core/calls/call-recorder';
import { loadAgentRuntime } from '@switchboard/core/runtime/load-agent-runtime';
import { createTestDatabase, type TestDatabase } from '@switchboard/db/testing';
import { startTestServer, type TestServer } from '@switchboard/tools/testing/test-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildAgent } from '../src/runtime/build-agent.ts';
import { createCallControl } from '../src/runtime/call-control.ts';
import { type CallSession, createCallSession } from '../src/runtime/call-session.ts';
import { createModel } from '../src/runtime/create-model.ts';
import { type FakeChatCompletions, startFakeChatCompletions, textOf } from './fake-chat-completions.ts';
import { egress, type SeededAgent, secretBox, seedAgent, seedCall } from './seed-call.ts';
import { nextMessage } from './session-events.ts';

initializeLogger({ pretty: false, level: 'warn' });

const GREETING = 'Hello there, this is Robin at Acme Dental.';
const OPERATOR_KEY = 'sk-operator-secret';

let db: TestDatabase;
let shop: TestServer;
let chat: FakeChatCompletions;
let seeded: SeededAgent;

beforeAll(async () => {
  db = await createTestDatabase();
  shop = await startTestServer();
  // A small "model": greets when there is nothing to answer yet, looks the order up when asked, and
  // answers from the function's output once it has it.
  chat = await startFakeChatCompletions(({ body }) => {
    const last = body.messages.at(-1);
    if (last?.role === 'tool') {
      const echoed = JSON.parse(textOf(last)) as { path: string };
      return { content: `Order ${echoed.path.split('/').at(-1)} is on its way.` };
    }
    if (last?.role === 'user' && textOf(last) === 'Break, please') {
      return { failWith: { status: 401, message: 'Incorrect API key provided' } };
    }
    if (last?.role === 'user') {
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

/** The entry's steps for one call, with the real provider model from the stored configuration. */
async function startCall() {
  const callId = await seedCall(db.owner, seeded);
  const recorder = createCallRecorder(db.worker, { organizationId: seeded.organizationId, callId });
  let call: CallSession | undefined;
  const runtime = await loadAgentRuntime(
    { workerDb: db.worker, secretBox, egress },
    { organizationId: seeded.organizationId, agentId: seeded.agentId, version: 1 },
    createCallControl(() => call, undefined),
  );
  // The operator's key exists, but the chat server is the tenant's: it must not receive that key.
  const model = createModel(runtime.agent.config, { OPENAI_API_KEY: OPERATOR_KEY }, egress);
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
  return { call, callId, greeting: await greeted };
}

describe('the OpenAI-compatible provider path, against a local chat-completions server', () => {
  it('calls a function through the real openai.LLM, gets its output, and answers from it', async () => {
    const { call, callId, greeting } = await startCall();
    expect(greeting.textContent).toBe(GREETING);

    const result = await call.session.run({ userInput: 'Where is my order A-17?' }).wait();
    result.expect.nextEvent().isFunctionCall({ name: 'lookup_order', args: { id: 'A-17' } });
    result.expect.nextEvent().isFunctionCallOutput({ isError: false });
    const answer = result.expect.nextEvent().isMessage({ role: 'assistant' }).event().item;
    expect(answer.textContent).toBe('Order A-17 is on its way.');
    result.expect.noMoreEvents();

    // What the model was sent: the enabled functions with their stored schemas (transfer_call only on phone
    // calls, and this is a web call), then the real output.
    const [, asked, answered] = chat.requests;
    expect(asked?.body.tools?.map((tool) => tool.function.name).sort()).toEqual([
      'end_call',
      'lookup_order',
      'order_report',
    ]);
    expect(asked?.body.tools?.find((tool) => tool.function.name === 'lookup_order')?.function).toMatchObject({
      parameters: { type: 'object', properties: { id: { type: 'string' } }, required: ['id'] },
    });
    const toolMessage = answered?.body.messages.find((message) => message.role === 'tool');
    expect(toolMessage?.tool_call_id).toBe('call_lookup_1');
    expect(JSON.parse(textOf(toolMessage))).toMatchObject({ path: '/echo/orders/A-17' });
    expect(shop.requests.at(-1)?.path).toBe('/echo/orders/A-17');
    for (const request of chat.requests) {
      expect(request.body.model).toBe('fake-chat');
      expect(request.headers.authorization).toBe('Bearer no-key');
    }

    call.end('caller_hung_up');
    const outcome = await call.ended;
    expect(outcome).toMatchObject({ endReason: 'caller_hung_up', finalized: true });
    const row = await db.owner
      .selectFrom('calls')
      .select(['status', 'usage'])
      .where('id', '=', callId)
      .executeTakeFirstOrThrow();
    // Usage comes from the session: the provider's token counts, summed over the three requests.
    expect(row.status).toBe('ended');
    expect(row.usage).toMatchObject({
      modelUsage: [expect.objectContaining({ inputTokens: 360, outputTokens: 36 })],
    });
  });

  it('ends the call as model_error when the provider fails for good', async () => {
    const { call, callId } = await startCall();
    void call.session.run({ userInput: 'Break, please' });
    expect(await call.ended).toMatchObject({ endReason: 'model_error', finalized: true });
    const row = await db.owner
      .selectFrom('calls')
      .select(['status', 'endReason'])
      .where('id', '=', callId)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ status: 'ended', endReason: 'model_error' });
  });
});
