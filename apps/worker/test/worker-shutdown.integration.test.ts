import { initializeLogger, voice } from '@livekit/agents';
import { createCallRecorder } from '@switchboard/core/calls/call-recorder';
import { loadAgentRuntime } from '@switchboard/core/runtime/load-agent-runtime';
import { createTestDatabase, type TestDatabase } from '@switchboard/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { onWorkerShutdown } from '../src/livekit/worker-shutdown.ts';
import { buildAgent, greetingInstructions } from '../src/runtime/build-agent.ts';
import { createCallControl } from '../src/runtime/call-control.ts';
import { type CallSession, createCallSession } from '../src/runtime/call-session.ts';
import { egress, type SeededAgent, secretBox, seedAgent, seedCall } from './seed-call.ts';
import { nextMessage } from './session-events.ts';

initializeLogger({ pretty: false, level: 'warn' });

const GREETING = 'Hello there, this is Robin at Acme Dental.';

let db: TestDatabase;
let seeded: SeededAgent;

beforeAll(async () => {
  db = await createTestDatabase();
  // No function is called here: the tools' server need not exist.
  seeded = await seedAgent(db.owner, { baseUrl: 'http://127.0.0.1:9' });
});
afterAll(async () => {
  await egress.close();
  await db.destroy();
});

/** A call in text mode, wired the way entry.ts wires it: a worker shutdown request ends it. */
async function runningCall() {
  const callId = await seedCall(db.owner, seeded);
  let call: CallSession | undefined;
  const runtime = await loadAgentRuntime(
    { workerDb: db.worker, secretBox, egress },
    { organizationId: seeded.organizationId, agentId: seeded.agentId, version: 1 },
    createCallControl(() => call, undefined),
  );
  const fake = new voice.testing.FakeLLM([{ input: greetingInstructions(GREETING), content: GREETING }]);
  call = createCallSession({
    model: { kind: 'text', llm: fake },
    recorder: createCallRecorder(db.worker, { organizationId: seeded.organizationId, callId }),
    maxDurationSeconds: 900,
    silenceTimeoutSeconds: 600,
  });
  const started = call;
  const stopListening = onWorkerShutdown(() => started.end('worker_shutdown'));
  const greeted = nextMessage(call.session, (message) => message.role === 'assistant');
  await call.start({ agent: buildAgent(runtime, { tools: { observer: call.toolObserver } }) });
  await greeted;
  return { call: started, callId, stopListening };
}

const callRowOf = (callId: string) =>
  db.owner
    .selectFrom('calls')
    .select(['status', 'endReason', 'finalizedAt'])
    .where('id', '=', callId)
    .executeTakeFirstOrThrow();

/** What the job process receives from the worker when its drain limit has passed (@livekit/agents IPC). */
const sendShutdownRequest = () =>
  process.emit('message', { case: 'shutdownRequest', value: { reason: 'shutdown request' } }, undefined);

describe('a worker that stops while calls run', () => {
  it('finalizes a call cut off by the shutdown with worker_shutdown', async () => {
    const { call, callId, stopListening } = await runningCall();
    try {
      // Another IPC message of the SDK's is not a shutdown.
      process.emit('message', { case: 'pong', value: {} }, undefined);
      sendShutdownRequest();
      // Then the SDK closes the job's session, as it does for any job shutdown.
      await call.session.close();
      expect(await call.ended).toMatchObject({ endReason: 'worker_shutdown', finalized: true });
      expect(await callRowOf(callId)).toMatchObject({
        status: 'ended',
        endReason: 'worker_shutdown',
        finalizedAt: expect.any(Date),
      });
    } finally {
      stopListening();
    }
  });

  it('records any other job shutdown as the room closing', async () => {
    const { call, callId, stopListening } = await runningCall();
    stopListening();
    // Unsubscribed: a later request for another job in a reused process changes nothing here.
    sendShutdownRequest();
    await call.session.close();
    expect(await call.ended).toMatchObject({ endReason: 'room_closed' });
    expect((await callRowOf(callId)).endReason).toBe('room_closed');
  });
});
