import type { ServerResponse } from 'node:http';
import { initializeLogger, voice } from '@livekit/agents';
import type { AgentConfigInput } from '@switchboard/contracts/agents';
import { type CallRecorderOptions, createCallRecorder } from '@switchboard/core/calls/call-recorder';
import { loadAgentRuntime } from '@switchboard/core/runtime/load-agent-runtime';
import { createTestDatabase, type TestDatabase } from '@switchboard/db/testing';
import { startTestServer, type TestServer } from '@switchboard/tools/testing/test-server';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { buildAgent, greetingInstructions } from '../src/runtime/build-agent.ts';
import { createCallControl } from '../src/runtime/call-control.ts';
import { type CallSession, createCallSession } from '../src/runtime/call-session.ts';
import { egress, type SeededAgent, secretBox, seedAgent, seedCall } from './seed-call.ts';
import { nextMessage } from './session-events.ts';

initializeLogger({ pretty: false, level: 'warn' });

const GREETING = 'Hello there, this is Robin at Acme Dental.';
/** Short budgets, so a stalled database is given up on quickly; the defaults are seconds. */
const QUICK: CallRecorderOptions = {
  writeTimeoutMs: 300,
  maxAttempts: 2,
  retryDelayMs: 20,
  finalizeTimeoutMs: 1_000,
};

let db: TestDatabase;
let server: TestServer;
let seeded: SeededAgent;
/** Responses of `/slow/...` requests, answered when the test says so. */
const slow: Array<() => void> = [];
const sessions: CallSession[] = [];

beforeAll(async () => {
  db = await createTestDatabase();
  server = await startTestServer({
    '/slow': (_req, res: ServerResponse, echoed) => {
      slow.push(() => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ booked: echoed.path }));
      });
    },
  });
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

interface StartOptions {
  responses?: voice.testing.FakeLLMResponse[];
  recorder?: CallRecorderOptions;
  heartbeatIntervalMs?: number;
  version?: number;
  errors?: string[];
}

/** What the worker's entry does, without a room: claim the call, load the agent, start the session. */
async function startCall({
  responses = [],
  recorder: recorderOptions,
  heartbeatIntervalMs,
  version = 1,
  errors = [],
}: StartOptions = {}) {
  const callId = await seedCall(db.owner, seeded);
  const recorder = createCallRecorder(
    db.worker,
    { organizationId: seeded.organizationId, callId },
    { ...recorderOptions, onError: (_error, what) => errors.push(what) },
  );
  expect(await recorder.claim(`test-worker/job-${callId}`)).toBe(true);
  let call: CallSession | undefined;
  const runtime = await loadAgentRuntime(
    { workerDb: db.worker, secretBox, egress },
    { organizationId: seeded.organizationId, agentId: seeded.agentId, version },
    createCallControl(() => call, undefined),
  );
  const fake = new voice.testing.FakeLLM([
    { input: greetingInstructions(GREETING), content: GREETING },
    ...responses,
  ]);
  call = createCallSession({
    model: { kind: 'text', llm: fake },
    recorder,
    maxDurationSeconds: 900,
    silenceTimeoutSeconds: 600,
    ...(heartbeatIntervalMs && { heartbeatIntervalMs }),
  });
  sessions.push(call);
  const agent = buildAgent(runtime, { tools: { observer: call.toolObserver } });
  const greeted = nextMessage(call.session, (message) => message.role === 'assistant');
  await call.start({ agent });
  await greeted;
  return { call, callId, recorder };
}

const callRowOf = (callId: string) =>
  db.owner.selectFrom('calls').selectAll().where('id', '=', callId).executeTakeFirstOrThrow();

const transcriptOf = (callId: string) =>
  db.owner
    .selectFrom('callTranscriptItems')
    .select(['seq', 'role', 'text'])
    .where('callId', '=', callId)
    .orderBy('seq')
    .execute();

/** Holds a lock that blocks every write to the call tables, like a database that stopped answering. */
async function stallCallWrites(): Promise<{ release: () => Promise<void> }> {
  const client = new pg.Client({ connectionString: db.urls.owner });
  await client.connect();
  await client.query('begin');
  await client.query('lock table calls, call_transcript_items, call_tool_calls in share mode');
  return {
    release: async () => {
      await client.query('rollback');
      await client.end();
    },
  };
}

describe('a stalled database', () => {
  it('does not hold up tool calls or hang-up; the call ends and is left for the sweeper', async () => {
    const errors: string[] = [];
    const { call, callId } = await startCall({
      recorder: QUICK,
      errors,
      responses: [
        { input: 'Where is order A-17?', toolCalls: [{ name: 'lookup_order', args: { id: 'A-17' } }] },
      ],
    });
    const stall = await stallCallWrites();
    try {
      const result = await call.session.run({ userInput: 'Where is order A-17?' }).wait();
      result.expect.nextEvent().isFunctionCall({ name: 'lookup_order' });
      result.expect.nextEvent().isFunctionCallOutput({ isError: false });

      call.end('caller_hung_up');
      // Bounded by the recorder's finalize budget, not by the database.
      expect(await call.ended).toMatchObject({ endReason: 'caller_hung_up', finalized: false });
      // Not finalized, but claimed with a heartbeat: the sweeper closes it once the heartbeat is stale.
      // (Read while the writes are still blocked: released, a write still queued may land and finalize it.)
      expect(await callRowOf(callId)).toMatchObject({
        status: 'active',
        finalizedAt: null,
        claimedAt: expect.any(Date),
        workerHeartbeatAt: expect.any(Date),
      });
      expect(errors.length).toBeGreaterThan(0);
    } finally {
      await stall.release();
    }
  });

  it('writes what was queued once the database answers again, and finalizes', async () => {
    const { call, callId } = await startCall({
      recorder: { ...QUICK, maxAttempts: 50, finalizeTimeoutMs: 30_000 },
    });
    const stall = await stallCallWrites();
    await call.session.run({ userInput: 'Hello?' }).wait();
    await stall.release();
    call.end('caller_hung_up');
    expect(await call.ended).toMatchObject({ finalized: true });
    expect((await transcriptOf(callId)).map((item) => item.text)).toEqual([GREETING, 'Hello?']);
  });
});

describe('transcript writes', () => {
  /** A trigger that fails the first insert into the transcript, through real SQL (a sequence is not rolled back). */
  async function failFirstTranscriptInsert(callId: string) {
    const sequence = `fail_${callId.replaceAll('-', '')}`;
    const client = new pg.Client({ connectionString: db.urls.owner });
    await client.connect();
    await client.query(`
      create sequence ${sequence};
      create or replace function fail_first_${sequence}() returns trigger language plpgsql security definer as $$
      begin
        if new.call_id = '${callId}' and nextval('${sequence}') = 1 then
          raise exception 'injected failure of the first transcript write';
        end if;
        return new;
      end $$;
      create trigger fail_first_${sequence} before insert on call_transcript_items
        for each row execute function fail_first_${sequence}();`);
    await client.end();
  }

  it('a failed first write is retried and the transcript is complete', async () => {
    const callId = await seedCall(db.owner, seeded);
    await failFirstTranscriptInsert(callId);
    const errors: string[] = [];
    const recorder = createCallRecorder(
      db.worker,
      { organizationId: seeded.organizationId, callId },
      { ...QUICK, onError: (_error, what) => errors.push(what) },
    );
    expect(await recorder.claim('test-worker/job-1')).toBe(true);
    recorder.addTranscriptItem({ role: 'assistant', text: 'Hello' });
    recorder.addTranscriptItem({ role: 'user', text: 'Hi, I need an appointment' });
    recorder.addTranscriptItem({ role: 'assistant', text: 'Sure' });
    expect(await recorder.finalize({ endReason: 'caller_hung_up', durationSeconds: 3, usage: null })).toBe(
      true,
    );
    expect(await transcriptOf(callId)).toEqual([
      { seq: 1, role: 'assistant', text: 'Hello' },
      { seq: 2, role: 'user', text: 'Hi, I need an appointment' },
      { seq: 3, role: 'assistant', text: 'Sure' },
    ]);
    expect(errors).toEqual([]);
  });

  it('a write given up on loses that item only, never the ones after it', async () => {
    const callId = await seedCall(db.owner, seeded);
    await failFirstTranscriptInsert(callId);
    const errors: string[] = [];
    const recorder = createCallRecorder(
      db.worker,
      { organizationId: seeded.organizationId, callId },
      { ...QUICK, maxAttempts: 1, onError: (_error, what) => errors.push(what) },
    );
    expect(await recorder.claim('test-worker/job-1')).toBe(true);
    recorder.addTranscriptItem({ role: 'assistant', text: 'Hello' });
    recorder.addTranscriptItem({ role: 'user', text: 'Hi' });
    recorder.addTranscriptItem({ role: 'assistant', text: 'How can I help?' });
    await recorder.finalize({ endReason: 'caller_hung_up', durationSeconds: 3, usage: null });
    expect(await transcriptOf(callId)).toEqual([
      { seq: 2, role: 'user', text: 'Hi' },
      { seq: 3, role: 'assistant', text: 'How can I help?' },
    ]);
    expect(errors).toEqual(['record transcript item 1']);
  });
});

describe('usage during the call', () => {
  it('writes a heartbeat with duration and usage so far while the call runs', async () => {
    const { call, callId } = await startCall({ heartbeatIntervalMs: 50 });
    const past = new Date('2000-01-01T00:00:00Z');
    await db.owner.updateTable('calls').set({ workerHeartbeatAt: past }).where('id', '=', callId).execute();
    await expect
      .poll(async () => (await callRowOf(callId)).workerHeartbeatAt?.getTime() ?? 0, { timeout: 10_000 })
      .toBeGreaterThan(past.getTime());
    expect(await callRowOf(callId)).toMatchObject({
      status: 'active',
      finalizedAt: null,
      durationSeconds: expect.any(Number),
      usage: { modelUsage: expect.any(Array) },
    });
    call.end('caller_hung_up');
    await call.ended;
  });
});

describe('a replayed call token', () => {
  it('finds the call claimed while it runs, and ended after it ran; the record stays as it was', async () => {
    const { call, callId } = await startCall({});
    const replay = createCallRecorder(db.worker, { organizationId: seeded.organizationId, callId });
    expect(await replay.claim('other-worker/job-2')).toBe(false);

    call.end('caller_hung_up');
    expect(await call.ended).toMatchObject({ finalized: true });
    const ended = await callRowOf(callId);
    const transcript = await transcriptOf(callId);
    expect(await replay.claim('other-worker/job-3')).toBe(false);
    expect(await callRowOf(callId)).toEqual(ended);
    expect(await transcriptOf(callId)).toEqual(transcript);
  });

  it('lets exactly one of two simultaneous jobs run the call, and the same job claim again', async () => {
    const callId = await seedCall(db.owner, seeded);
    const recorderFor = () =>
      createCallRecorder(db.worker, { organizationId: seeded.organizationId, callId });
    const claims = await Promise.all([
      recorderFor().claim('worker-a/job-1'),
      recorderFor().claim('worker-b/job-2'),
    ]);
    expect(claims.filter(Boolean)).toHaveLength(1);
    const winner = claims[0] ? 'worker-a/job-1' : 'worker-b/job-2';
    expect(await recorderFor().claim(winner)).toBe(true);
    expect((await callRowOf(callId)).workerId).toBe(winner);
  });

  it('refuses a call the room webhook already ended', async () => {
    const callId = await seedCall(db.owner, seeded);
    await db.owner.updateTable('calls').set({ endedAt: new Date() }).where('id', '=', callId).execute();
    const recorder = createCallRecorder(db.worker, { organizationId: seeded.organizationId, callId });
    expect(await recorder.claim('worker-a/job-1')).toBe(false);
  });
});

describe('barge-in', () => {
  it('lets a booking in flight finish when the caller interrupts, and records it once', async () => {
    const booking = await db.owner
      .insertInto('tools')
      .values({
        organizationId: seeded.organizationId,
        kind: 'http',
        name: 'Bookings',
        config: JSON.stringify({
          functions: [
            {
              name: 'book_slot',
              description: 'Book a slot',
              parameters: {
                type: 'object',
                properties: { id: { type: 'string', description: 'The slot' } },
                required: ['id'],
              },
              method: 'POST',
              url: `${server.baseUrl}/slow/bookings/{{id}}`,
            },
          ],
        }),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const config: AgentConfigInput = {
      name: 'Robin',
      systemPrompt: 'You book appointments.',
      greeting: 'Hello there, this is {{agent_name}} at {{ organization_name }}.',
      tools: [{ toolId: booking.id, functions: ['book_slot'] }],
    };
    await db.owner
      .insertInto('agentVersions')
      .values({
        organizationId: seeded.organizationId,
        agentId: seeded.agentId,
        version: 2,
        config: JSON.stringify(config),
      })
      .execute();

    const { call, callId } = await startCall({
      version: 2,
      responses: [{ input: 'Book slot S-9', toolCalls: [{ name: 'book_slot', args: { id: 'S-9' } }] }],
    });
    const requestsBefore = server.requests.length;
    const turn = call.session.run({ userInput: 'Book slot S-9' });
    await expect.poll(() => slow.length).toBe(1);
    call.session.interrupt();
    slow.shift()?.();
    await turn.wait().catch(() => {});

    const toolCallsOf = () =>
      db.owner.selectFrom('callToolCalls').selectAll().where('callId', '=', callId).execute();
    await expect.poll(async () => (await toolCallsOf())[0]?.finishedAt ?? null).not.toBeNull();
    expect(await toolCallsOf()).toEqual([
      expect.objectContaining({
        functionName: 'book_slot',
        isError: false,
        result: { booked: '/slow/bookings/S-9' },
      }),
    ]);
    expect(server.requests.slice(requestsBefore).map((request) => request.method)).toEqual(['POST']);
  });
});
