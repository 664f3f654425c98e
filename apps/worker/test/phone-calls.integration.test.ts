import { randomUUID } from 'node:crypto';
import {
  initializeLogger,
  JobContext,
  JobProcess,
  llm,
  runWithJobContextAsync,
  voice,
  workflows,
} from '@livekit/agents';
import { Room, RoomEvent } from '@livekit/rtc-node';
import type { AgentConfigInput } from '@switchboard/contracts/agents';
import { appendLedgerEntry } from '@switchboard/core/billing/append-ledger-entry';
import { createCallRecorder } from '@switchboard/core/calls/call-recorder';
import { setPhoneStatus } from '@switchboard/core/calls/set-phone-status';
import { startInboundPhoneCall } from '@switchboard/core/calls/start-inbound-phone-call';
import { loadAgentRuntime } from '@switchboard/core/runtime/load-agent-runtime';
import { withTenant } from '@switchboard/db/tenant';
import { createTestDatabase, type TestDatabase } from '@switchboard/db/testing';
import { SipClient } from 'livekit-server-sdk';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { inboundCallerOf, phoneLineOf } from '../src/livekit/caller.ts';
import { deleteRoom } from '../src/livekit/delete-room.ts';
import { dialOut, outboundIdentity } from '../src/livekit/dial-out.ts';
import { inboundStepOf } from '../src/livekit/inbound-step.ts';
import { placeOutboundCall } from '../src/livekit/place-outbound-call.ts';
import { type OutboundLeg, warmTransferOf, warmTransferOptions } from '../src/livekit/warm-transfer.ts';
import { type BuildAgentOptions, buildAgent, greetingInstructions } from '../src/runtime/build-agent.ts';
import { createCallControl, type PhoneLine, TRANSFER_FAILED } from '../src/runtime/call-control.ts';
import { type CallSession, createCallSession } from '../src/runtime/call-session.ts';
import { createKeypadInput, deliverToSession, keypadText } from '../src/runtime/keypad-input.ts';
import { voicemailInstructions } from '../src/runtime/phone-functions.ts';
import { REFUSAL_GOODBYE, refuseCall } from '../src/runtime/refuse-call.ts';
import { type FakeLiveKitSip, startFakeLiveKitSip } from './livekit/fake-livekit-sip.ts';
import { egress, type SeededAgent, secretBox, seedAgent, TRANSFER_NUMBER } from './seed-call.ts';
import { nextClose, nextMessage } from './session-events.ts';

initializeLogger({ pretty: false, level: 'warn' });

const CALLER = '+4930123456';
const DIALLED = '+4930999000';
const TWILIO_CALL_SID = `CA${'1'.repeat(32)}`;
/** A phone caller as LiveKit SIP puts them in the room. */
const sipCaller = (attributes: Record<string, string> = {}) => ({
  identity: `sip_${CALLER}`,
  attributes: {
    'sip.callID': `SCL_${randomUUID()}`,
    'sip.phoneNumber': CALLER,
    'sip.trunkPhoneNumber': DIALLED,
    ...attributes,
  },
});
const NO_BILLING = {
  models: { GOOGLE_API_KEY: true, OPENAI_API_KEY: true, OPENAI_BASE_URL: false },
  billing: { metering: false, mode: 'manual' as const },
};
const INBOUND_GREETING = `Hello ${CALLER}, this is Robin at Acme Dental.`;

let db: TestDatabase;
let sip: FakeLiveKitSip;
let seeded: SeededAgent;
let phoneNumberId: string;
const sessions: CallSession[] = [];
/** Calls whose warm transfer succeeded: the worker would keep their room (caller and colleague in it). */
const keptRooms: string[] = [];

beforeAll(async () => {
  db = await createTestDatabase();
  sip = await startFakeLiveKitSip();
  seeded = await seedAgent(db.owner, { baseUrl: 'http://127.0.0.1:9' });
  const number = await db.owner
    .insertInto('phoneNumbers')
    .values({
      organizationId: seeded.organizationId,
      e164: DIALLED,
      agentId: seeded.agentId,
      status: 'ready',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  phoneNumberId = number.id;
});
afterEach(async () => {
  for (const call of sessions.splice(0)) {
    call.end('room_closed');
    await call.ended;
  }
});
afterAll(async () => {
  await Promise.all([sip.close(), egress.close()]);
  await db.destroy();
});

/** Stores another version of the seeded agent with these changes (the seeded agent stays at version 1). */
async function addVersion(version: number, changes: Partial<AgentConfigInput>): Promise<number> {
  const stored = await db.owner
    .selectFrom('agentVersions')
    .select('config')
    .where('agentId', '=', seeded.agentId)
    .where('version', '=', 1)
    .executeTakeFirstOrThrow();
  await db.owner
    .insertInto('agentVersions')
    .values({
      organizationId: seeded.organizationId,
      agentId: seeded.agentId,
      version,
      config: JSON.stringify({ ...(stored.config as object), ...changes }),
    })
    .execute();
  return version;
}

function answerInbound(attributes: Record<string, string> = {}, installation = NO_BILLING) {
  return withTenant(db.worker, { orgId: seeded.organizationId }, (tx) =>
    startInboundPhoneCall(
      tx,
      {
        organizationId: seeded.organizationId,
        phoneNumberId,
        roomName: `call-in-${randomUUID()}`,
        claimant: 'worker-1/job-1',
      },
      inboundCallerOf(sipCaller(attributes)),
      installation,
    ),
  );
}

/** An outbound call row as the phone API creates it (phone_status queued, with the call's variables). */
async function seedOutboundCall(version: number, variables: Record<string, string> = {}): Promise<string> {
  const id = randomUUID();
  await db.owner
    .insertInto('calls')
    .values({
      id,
      organizationId: seeded.organizationId,
      agentId: seeded.agentId,
      agentVersion: version,
      channel: 'phone',
      direction: 'outbound',
      fromNumber: DIALLED,
      toNumber: CALLER,
      phoneStatus: 'queued',
      variables: JSON.stringify(variables),
      roomName: `call-${id}`,
    })
    .execute();
  return id;
}

const callRow = (callId: string) =>
  db.owner.selectFrom('calls').selectAll().where('id', '=', callId).executeTakeFirstOrThrow();

interface StartOptions {
  callId: string;
  version: number;
  responses: voice.testing.FakeLLMResponse[];
  greeting: string;
  /** The participant in the room: a SIP caller (phone) or a browser (web). */
  participant: { identity: string; attributes: Record<string, string> };
  build?: Omit<BuildAgentOptions, 'tools'>;
  /** The organization's outbound leg: transfer_call is then a warm transfer through it (entry.ts). */
  warmTransfer?: OutboundLeg;
}

/** What entry.ts does once the call is known: load, wire the phone line to the fake LiveKit SIP, start. */
async function startCall({
  callId,
  version,
  responses,
  greeting,
  participant,
  build = {},
  warmTransfer,
}: StartOptions) {
  const recorder = createCallRecorder(db.worker, { organizationId: seeded.organizationId, callId });
  let call: CallSession | undefined;
  let line: PhoneLine | undefined;
  // As entry.ts loads an outbound call's agent while it rings: the line is known only after loading.
  const runtime = await loadAgentRuntime(
    { workerDb: db.worker, secretBox, egress },
    { organizationId: seeded.organizationId, agentId: seeded.agentId, version },
    createCallControl(
      () => call,
      () => line,
      () => {
        keptRooms.push(callId);
      },
    ),
  );
  line = phoneLineOf(participant, `call-${callId}`, sip, warmTransfer && warmTransferOf(warmTransfer));
  const fake = new voice.testing.FakeLLM([
    { input: greetingInstructions(greeting), content: greeting },
    ...responses,
  ]);
  call = createCallSession({
    model: { kind: 'text', llm: fake },
    recorder,
    maxDurationSeconds: 900,
    silenceTimeoutSeconds: 600,
  });
  sessions.push(call);
  const agent = buildAgent(runtime, { ...build, tools: { observer: call.toolObserver } });
  const greeted = nextMessage(call.session, (message) => message.role === 'assistant');
  await call.start({ agent });
  await greeted;
  return { call, agent };
}

describe('an inbound phone call', () => {
  it("is answered by the number's agent, recorded from the SIP participant's attributes, and greets the caller by number", async () => {
    const inbound = await answerInbound({ 'sip.twilio.callSid': TWILIO_CALL_SID });
    expect(inbound).toMatchObject({ kind: 'admitted', agentId: seeded.agentId, agentVersion: 1 });
    if (inbound.kind !== 'admitted') return;
    // The job runs the agent; no outbound trunk is provisioned, so there is nothing to warm-transfer through.
    expect(inboundStepOf(inbound, seeded.organizationId)).toEqual({
      run: true,
      metadata: {
        callId: inbound.callId,
        organizationId: seeded.organizationId,
        agentId: seeded.agentId,
        agentVersion: 1,
      },
      refusal: undefined,
      outboundLeg: undefined,
    });
    expect(await callRow(inbound.callId)).toMatchObject({
      organizationId: seeded.organizationId,
      channel: 'phone',
      direction: 'inbound',
      status: 'active',
      fromNumber: CALLER,
      toNumber: DIALLED,
      caller: CALLER,
      providerCallId: TWILIO_CALL_SID,
      sipCallId: expect.stringMatching(/^SCL_/),
      workerId: 'worker-1/job-1',
    });
    // The greeting's {{caller_number}} is the caller's number.
    const { call } = await startCall({
      callId: inbound.callId,
      version: 1,
      responses: [],
      greeting: INBOUND_GREETING,
      participant: sipCaller(),
      build: { callerNumber: CALLER, phone: { direction: 'inbound', call: () => undefined } },
    });
    call.end('caller_hung_up');
    expect(await call.ended).toMatchObject({ endReason: 'caller_hung_up', finalized: true });
  });

  it('records the same Twilio call only once, and hangs up on a number without an agent', async () => {
    const callSid = `CA${'2'.repeat(32)}`;
    expect((await answerInbound({ 'sip.twilio.callSid': callSid })).kind).toBe('admitted');
    const again = await answerInbound({ 'sip.twilio.callSid': callSid });
    expect(again).toEqual({ kind: 'duplicate' });
    // The second job ends and leaves the room to the first.
    expect(inboundStepOf(again, seeded.organizationId)).toEqual({
      run: false,
      shutdownReason: 'call_already_claimed',
      keepRoom: true,
    });

    await db.owner
      .updateTable('phoneNumbers')
      .set({ agentId: null })
      .where('id', '=', phoneNumberId)
      .execute();
    try {
      const unassigned = await answerInbound();
      expect(unassigned).toEqual({ kind: 'unassigned' });
      // The job ends without keeping the room; deleting it (the job's shutdown) hangs up on the caller.
      expect(inboundStepOf(unassigned, seeded.organizationId)).toEqual({
        run: false,
        shutdownReason: 'number_unassigned',
        keepRoom: false,
      });
      sip.rooms.add('call-in-unassigned');
      await deleteRoom(sip, 'call-in-unassigned');
      expect(sip.rooms.has('call-in-unassigned')).toBe(false);
      expect(sip.refused).toBe(0);
    } finally {
      await db.owner
        .updateTable('phoneNumbers')
        .set({ agentId: seeded.agentId })
        .where('id', '=', phoneNumberId)
        .execute();
    }
  });

  it('is refused politely before the agent answers when the organization has no credits, and recorded as refused', async () => {
    // Metering on and no credits granted: admission refuses, as it would a web call.
    const inbound = await answerInbound({}, { ...NO_BILLING, billing: { metering: true, mode: 'manual' } });
    expect(inbound).toMatchObject({ kind: 'refused', problem: { code: 'INSUFFICIENT_CREDITS' } });
    if (inbound.kind !== 'refused') return;
    // The job runs only the refusal: no outbound leg, the problem named.
    expect(inboundStepOf(inbound, seeded.organizationId)).toMatchObject({
      run: true,
      refusal: { code: 'INSUFFICIENT_CREDITS' },
      outboundLeg: undefined,
    });
    // Not open while it says no: it does not count against the concurrent-call limit. The row says which
    // limit refused it (the call's page shows it).
    expect(await callRow(inbound.callId)).toMatchObject({
      status: 'failed',
      direction: 'inbound',
      refusalReason: 'INSUFFICIENT_CREDITS',
    });

    const refusal = "I'm sorry, we cannot take your call right now. Please call again later. Goodbye.";
    const call = createCallSession({
      model: {
        kind: 'text',
        llm: new voice.testing.FakeLLM([{ input: REFUSAL_GOODBYE, content: refusal }]),
      },
      recorder: createCallRecorder(db.worker, {
        organizationId: seeded.organizationId,
        callId: inbound.callId,
      }),
      maxDurationSeconds: 900,
      silenceTimeoutSeconds: 600,
    });
    const said = nextMessage(call.session, (message) => message.textContent === refusal);
    await refuseCall(call);
    await said;
    expect(await call.ended).toMatchObject({ endReason: 'refused', finalized: true });
    expect(await callRow(inbound.callId)).toMatchObject({
      status: 'ended',
      endReason: 'refused',
      finalizedAt: expect.any(Date),
    });
  });
});

describe('two inbound calls ringing at once', () => {
  it('are admitted one after the other under the concurrent-call limit: the second is refused', async () => {
    // An organization of its own, with credits and a limit of one call at a time.
    const other = await seedAgent(db.owner, { baseUrl: 'http://127.0.0.1:9' });
    await db.owner
      .updateTable('organizations')
      .set({ concurrentCallLimit: 1 })
      .where('id', '=', other.organizationId)
      .execute();
    await withTenant(db.worker, { orgId: other.organizationId }, (tx) =>
      appendLedgerEntry(tx, {
        organizationId: other.organizationId,
        kind: 'manual_grant',
        amountMillicredits: 100_000,
        idempotencyKey: `test-grant:${randomUUID()}`,
      }),
    );
    const number = await db.owner
      .insertInto('phoneNumbers')
      .values({
        organizationId: other.organizationId,
        e164: DIALLED,
        agentId: other.agentId,
        status: 'ready',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const ring = (job: string) =>
      withTenant(db.worker, { orgId: other.organizationId }, (tx) =>
        startInboundPhoneCall(
          tx,
          {
            organizationId: other.organizationId,
            phoneNumberId: number.id,
            roomName: `call-in-${randomUUID()}`,
            claimant: job,
          },
          inboundCallerOf(sipCaller()),
          { ...NO_BILLING, billing: { metering: true, mode: 'manual' } },
        ),
      );
    const outcomes = await Promise.all([ring('worker-1/job-a'), ring('worker-1/job-b')]);
    expect(outcomes.map((outcome) => outcome.kind).sort()).toEqual(['admitted', 'refused']);
    const refused = outcomes.find((outcome) => outcome.kind === 'refused');
    const admitted = outcomes.find((outcome) => outcome.kind === 'admitted');
    expect(refused).toMatchObject({ problem: { code: 'CONCURRENT_CALL_LIMIT' } });
    if (refused?.kind !== 'refused' || admitted?.kind !== 'admitted') return;
    expect(await callRow(refused.callId)).toMatchObject({ refusalReason: 'CONCURRENT_CALL_LIMIT' });
    expect(await callRow(admitted.callId)).toMatchObject({ refusalReason: null });
  });
});

describe('transfer to a person', () => {
  it('is not offered to the model on a web call', async () => {
    const id = randomUUID();
    await db.owner
      .insertInto('calls')
      .values({
        id,
        organizationId: seeded.organizationId,
        agentId: seeded.agentId,
        agentVersion: 1,
        channel: 'web',
        roomName: `call-${id}`,
      })
      .execute();
    const { agent } = await startCall({
      callId: id,
      version: 1,
      responses: [],
      greeting: 'Hello there, this is Robin at Acme Dental.',
      participant: { identity: 'browser', attributes: {} },
    });
    expect(Object.keys(agent.toolCtx.functionTools).sort()).toEqual([
      'end_call',
      'lookup_order',
      'order_report',
    ]);
  });

  it('cold-transfers a phone caller with a SIP REFER through LiveKit, and ends the call as transferred', async () => {
    const inbound = await answerInbound();
    if (inbound.kind !== 'admitted') throw new Error(`not admitted: ${inbound.kind}`);
    const participant = sipCaller();
    const { call, agent } = await startCall({
      callId: inbound.callId,
      version: 1,
      greeting: INBOUND_GREETING,
      participant,
      build: { callerNumber: CALLER, phone: { direction: 'inbound', call: () => undefined } },
      responses: [
        {
          input: 'Can I talk to a person?',
          content: 'Of course, I am putting you through now.',
          toolCalls: [{ name: 'transfer_call', args: { reason: 'wants a person' } }],
        },
      ],
    });
    expect(Object.keys(agent.toolCtx.functionTools)).toEqual(expect.arrayContaining(['transfer_call']));
    // Inbound: there is no answering machine to detect.
    expect(Object.keys(agent.toolCtx.functionTools)).not.toContain('detected_answering_machine');
    const closed = nextClose(call.session);
    void call.session.run({ userInput: 'Can I talk to a person?' });
    expect((await closed).reason).toBe('transferred');
    expect(await call.ended).toMatchObject({ endReason: 'transferred', finalized: true });
    expect(sip.transfers.at(-1)).toEqual({
      roomName: `call-${inbound.callId}`,
      participantIdentity: participant.identity,
      transferTo: `tel:${TRANSFER_NUMBER}`,
      playDialtone: false,
    });
    expect(sip.refused).toBe(0);
    expect(await callRow(inbound.callId)).toMatchObject({ status: 'ended', endReason: 'transferred' });
  });

  it('tells the model when the transfer is refused, and the call goes on', async () => {
    const inbound = await answerInbound();
    if (inbound.kind !== 'admitted') throw new Error(`not admitted: ${inbound.kind}`);
    sip.transferFailure = 603;
    try {
      const apology = 'I am sorry, nobody can take the call right now. Can I take a message?';
      const { call } = await startCall({
        callId: inbound.callId,
        version: 1,
        greeting: INBOUND_GREETING,
        participant: sipCaller(),
        build: { callerNumber: CALLER, phone: { direction: 'inbound', call: () => undefined } },
        responses: [
          { input: 'Put me through please', toolCalls: [{ name: 'transfer_call', args: {} }] },
          { input: TRANSFER_FAILED, content: apology },
        ],
      });
      const result = await call.session.run({ userInput: 'Put me through please' }).wait();
      result.expect.nextEvent().isFunctionCall({ name: 'transfer_call' });
      result.expect.nextEvent().isFunctionCallOutput({ isError: true });
      result.expect.nextEvent().isMessage({ role: 'assistant' });
      expect(call.session.history.items.at(-1)).toMatchObject({ content: [apology] });
    } finally {
      sip.transferFailure = null;
    }
  });
});

describe('a warm transfer', () => {
  const leg: OutboundLeg = { sipOutboundTrunkId: 'ST_outbound', fromNumber: DIALLED };

  it("hands LiveKit's WarmTransferTask the colleague's number, the outbound trunk and the conversation so far", () => {
    const conversation = llm.ChatContext.empty();
    conversation.addMessage({ role: 'user', content: 'My invoice is charged twice.' });
    conversation.addMessage({ role: 'assistant', content: 'I am sorry, let me put you through to billing.' });
    const options = warmTransferOptions(leg, '+49 (30) 555-000', 'a double charge', conversation);
    expect(options).toMatchObject({
      sipCallTo: TRANSFER_NUMBER,
      sipTrunkId: 'ST_outbound',
      sipNumber: DIALLED,
      ringingTimeout: 30_000,
    });
    // The SDK's own task, as the transfer runs it: the briefing model's instructions carry the conversation
    // and the reason, and it has the colleague's answers as functions.
    const task = workflows.createWarmTransferTask(options);
    expect(task.instructions).toContain('Caller: My invoice is charged twice.');
    expect(task.instructions).toContain('Assistant: I am sorry, let me put you through to billing.');
    expect(task.instructions).toContain('The caller needs: a double charge.');
    expect(Object.keys(task.toolCtx.functionTools).sort()).toEqual([
      'connect_to_caller',
      'decline_transfer',
      'voicemail_detected',
    ]);
  });

  it('runs inside transfer_call; a caller gone before the colleague is dialled fails it, and the call goes on', async () => {
    const inbound = await answerInbound();
    if (inbound.kind !== 'admitted') throw new Error(`not admitted: ${inbound.kind}`);
    // The job context the SDK's task reads (getJobContext): its room is the caller's, here one never
    // connected, so nobody is in it, as when the caller hung up before the transfer began. The dial and the
    // move (createSipParticipant into `<room>-human-agent`, MoveParticipant) need a LiveKit server
    // (docs/phone.md "What is tested").
    const room = new Room();
    const job = new JobContext(
      new JobProcess(),
      {
        acceptArguments: { name: 'agent', identity: 'agent', metadata: '' },
        job: { id: `AJ_${inbound.callId}`, room: { name: `call-${inbound.callId}` } } as never,
        url: sip.url,
        token: '',
        workerId: 'worker-1',
        apiKey: sip.apiKey,
        apiSecret: sip.apiSecret,
      },
      room,
      () => {},
      () => {},
      { doInference: async () => undefined },
    );
    const dials = sip.dials.length;
    const apology = 'I am sorry, I could not reach my colleague. Can I take a message?';
    await runWithJobContextAsync(job, async () => {
      const { call, agent } = await startCall({
        callId: inbound.callId,
        version: 1,
        greeting: INBOUND_GREETING,
        participant: sipCaller(),
        build: { callerNumber: CALLER, phone: { direction: 'inbound', call: () => undefined } },
        warmTransfer: leg,
        responses: [
          {
            input: 'Can I talk to billing?',
            toolCalls: [{ name: 'transfer_call', args: { reason: 'a double charge' } }],
          },
          { input: TRANSFER_FAILED, content: apology },
        ],
      });
      expect(Object.keys(agent.toolCtx.functionTools)).toContain('transfer_call');
      const apologized = nextMessage(call.session, (message) => message.textContent === apology);
      // The run's own result is not awaited: the SDK's test RunResult takes the task's failure (a ToolError)
      // for the run's final output; what the model heard is in the history.
      call.session
        .run({ userInput: 'Can I talk to billing?' })
        .wait()
        .catch(() => {});
      await apologized;
      expect(call.session.history.items).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ type: 'function_call_output', isError: true, output: TRANSFER_FAILED }),
        ]),
      );
    });
    // Nobody was dialled, no cold transfer was tried instead, the room is not kept, the call is still on.
    expect(sip.dials.length).toBe(dials);
    expect(sip.transfers.filter((transfer) => transfer.roomName === `call-${inbound.callId}`)).toEqual([]);
    expect(keptRooms).not.toContain(inbound.callId);
    expect(await callRow(inbound.callId)).toMatchObject({ status: 'active', endReason: null });
  });
});

describe('DTMF', () => {
  it('lets the agent press keys in a phone menu, and refuses what is not a key', async () => {
    const inbound = await answerInbound();
    if (inbound.kind !== 'admitted') throw new Error(`not admitted: ${inbound.kind}`);
    const pressed: [number, string][] = [];
    const { call } = await startCall({
      callId: inbound.callId,
      version: 1,
      greeting: INBOUND_GREETING,
      participant: sipCaller(),
      build: {
        callerNumber: CALLER,
        phone: {
          direction: 'inbound',
          call: () => undefined,
          keypad: { press: async (code, digit) => void pressed.push([code, digit]) },
          pauseMs: 0,
        },
      },
      responses: [
        { input: 'Press 1 then 2 then hash', toolCalls: [{ name: 'send_dtmf', args: { digits: '1 2#' } }] },
        { input: 'Press the letter x', toolCalls: [{ name: 'send_dtmf', args: { digits: 'x' } }] },
      ],
    });
    const sent = await call.session.run({ userInput: 'Press 1 then 2 then hash' }).wait();
    sent.expect.nextEvent().isFunctionCall({ name: 'send_dtmf' });
    sent.expect.nextEvent().isFunctionCallOutput({ isError: false });
    expect(pressed).toEqual([
      [1, '1'],
      [2, '2'],
      [11, '#'],
    ]);
    const refused = await call.session.run({ userInput: 'Press the letter x' }).wait();
    refused.expect.nextEvent().isFunctionCall({ name: 'send_dtmf' });
    refused.expect.nextEvent().isFunctionCallOutput({ isError: true });
    expect(pressed).toHaveLength(3);
  });

  it("puts the caller's key presses before the model as their input, one entry per #", async () => {
    const inbound = await answerInbound();
    if (inbound.kind !== 'admitted') throw new Error(`not admitted: ${inbound.kind}`);
    const answer = 'Thank you, your customer number is 42.';
    const { call } = await startCall({
      callId: inbound.callId,
      version: 1,
      greeting: INBOUND_GREETING,
      participant: sipCaller(),
      build: { callerNumber: CALLER, phone: { direction: 'inbound', call: () => undefined } },
      responses: [{ input: keypadText('42#'), content: answer }],
    });
    const answered = nextMessage(call.session, (message) => message.textContent === answer);
    const keypad = createKeypadInput(deliverToSession(call.session), { gapMs: 60_000 });
    for (const key of ['4', '2', 'x', '#']) keypad.press(key);
    await answered;
    expect(
      call.session.history.items
        .filter((item) => item.type === 'message' && item.role === 'user')
        .map((item) => (item.type === 'message' ? item.textContent : '')),
    ).toEqual([keypadText('42#')]);
    keypad.close();
  });
});

describe('an outbound phone call', () => {
  it('dials through the outbound trunk and reports answered, busy, no answer and failed from the SIP status', async () => {
    const callId = randomUUID();
    const phone = {
      direction: 'outbound' as const,
      toNumber: CALLER,
      fromNumber: DIALLED,
      sipOutboundTrunkId: 'ST_outbound',
    };
    const client = new SipClient(sip.url, sip.apiKey, sip.apiSecret);
    const answered = await dialOut(client, { callId, phone, roomName: `call-${callId}` });
    expect(answered).toEqual({ answered: true, sipCallId: expect.stringMatching(/^SCL_/) });
    expect(sip.dials.at(-1)).toMatchObject({
      sipTrunkId: 'ST_outbound',
      sipCallTo: CALLER,
      sipNumber: DIALLED,
      roomName: `call-${callId}`,
      participantIdentity: outboundIdentity(callId),
      waitUntilAnswered: true,
    });
    const outcomes: Record<string, unknown> = {};
    for (const [code, reason] of [
      [486, 'Busy Here'],
      [480, 'Temporarily Unavailable'],
      [404, 'Not Found'],
    ] as const) {
      sip.dialAnswer = { sipStatusCode: code, sipStatus: reason };
      const outcome = await dialOut(client, { callId, phone, roomName: `call-${callId}` });
      outcomes[code] = outcome.answered ? 'answered' : [outcome.phoneStatus, outcome.endReason];
    }
    sip.dialAnswer = { answered: true };
    expect(outcomes).toEqual({
      486: ['busy', 'busy'],
      480: ['no_answer', 'no_answer'],
      404: ['failed', 'dial_failed'],
    });
  });

  it('is placed by the job: dialing, ringing when LiveKit SIP says so, then answered or busy, on the call row', async () => {
    // The job's room (never connected here): LiveKit SIP's attribute events on the dialled participant.
    const room = new Room();
    const place = (callId: string) =>
      placeOutboundCall({
        workerDb: db.worker,
        organizationId: seeded.organizationId,
        callId,
        phone: {
          direction: 'outbound',
          toNumber: CALLER,
          fromNumber: DIALLED,
          sipOutboundTrunkId: 'ST_outbound',
        },
        roomName: `call-${callId}`,
        room,
        sip: new SipClient(sip.url, sip.apiKey, sip.apiSecret),
        onError: (error) => {
          throw error;
        },
      });
    const seen: (string | null)[] = [];
    sip.whileRinging = async (dial) => {
      const callId = dial.participantAttributes['switchboard.callId'] ?? '';
      seen.push((await callRow(callId)).phoneStatus);
      // Another participant's attributes say nothing about this call.
      room.emit(RoomEvent.ParticipantAttributesChanged, {}, {
        identity: 'someone-else',
        attributes: { 'sip.callStatus': 'ringing' },
      } as never);
      room.emit(RoomEvent.ParticipantAttributesChanged, { 'sip.callStatus': 'ringing' }, {
        identity: dial.participantIdentity,
        attributes: { 'sip.callStatus': 'ringing' },
      } as never);
      // The row says ringing before the phone is picked up (polled: the write is off the event's path).
      for (let attempt = 0; attempt < 100; attempt++) {
        const { phoneStatus } = await callRow(callId);
        if (phoneStatus === 'ringing') break;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      seen.push((await callRow(callId)).phoneStatus);
    };
    try {
      const answeredCall = await seedOutboundCall(1);
      expect(await place(answeredCall)).toMatchObject({ answered: true });
      expect(await callRow(answeredCall)).toMatchObject({
        phoneStatus: 'answered',
        sipCallId: expect.stringMatching(/^SCL_/),
      });

      const busyCall = await seedOutboundCall(1);
      sip.dialAnswer = { sipStatusCode: 486, sipStatus: 'Busy Here' };
      expect(await place(busyCall)).toMatchObject({
        answered: false,
        phoneStatus: 'busy',
        endReason: 'busy',
      });
      expect(await callRow(busyCall)).toMatchObject({ phoneStatus: 'busy' });
    } finally {
      sip.whileRinging = null;
      sip.dialAnswer = { answered: true };
    }
    // Each dial: dialing when it went out, ringing when LiveKit SIP said so; the listener is gone once it ended.
    expect(seen).toEqual(['dialing', 'ringing', 'dialing', 'ringing']);
    expect(room.listenerCount(RoomEvent.ParticipantAttributesChanged)).toBe(0);
  });

  it('moves its phone status forward only', async () => {
    const callId = await seedOutboundCall(1);
    const set = (status: Parameters<typeof setPhoneStatus>[2], sipCallId?: string) =>
      withTenant(db.worker, { orgId: seeded.organizationId }, (tx) =>
        setPhoneStatus(tx, callId, status, { sipCallId }),
      );
    expect(await set('dialing')).toBe(true);
    expect(await set('answered', 'SCL_x')).toBe(true);
    // A late "ringing" (the attribute event after the answer) does not move it back.
    expect(await set('ringing')).toBe(false);
    expect(await callRow(callId)).toMatchObject({ phoneStatus: 'answered', sipCallId: 'SCL_x' });
  });

  it("fills the prompt and greeting with the call's variables", async () => {
    const version = await addVersion(2, {
      systemPrompt: 'You call {{first_name}} to confirm the appointment on {{appointment}}.{{unknown}}',
      greeting: 'Hello {{first_name}}, this is {{agent_name}} from {{organization_name}}.',
    });
    const callId = await seedOutboundCall(version, { first_name: 'Ada', appointment: 'Tuesday 10:00' });
    const row = await callRow(callId);
    const { agent, call } = await startCall({
      callId,
      version,
      responses: [],
      greeting: 'Hello Ada, this is Robin from Acme Dental.',
      participant: { identity: outboundIdentity(callId), attributes: { 'sip.callID': 'SCL_1' } },
      build: {
        variables: row.variables as Record<string, string>,
        phone: { direction: 'outbound', call: () => undefined },
      },
    });
    expect(agent.instructions).toMatch(/^You call Ada to confirm the appointment on Tuesday 10:00\.\n\n/);
    call.end('caller_hung_up');
    await call.ended;
  });

  it('leaves the voicemail message when an answering machine picks up, then hangs up as voicemail', async () => {
    const version = await addVersion(3, {
      greeting: 'Hello {{first_name}}, this is {{agent_name}}.',
      phone: {
        voicemail: {
          action: 'leave_message',
          message: 'Hi {{first_name}}, {{agent_name}} here; please call us back.',
        },
        warmTransfer: false,
      },
    });
    const callId = await seedOutboundCall(version, { first_name: 'Ada' });
    const message = 'Hi Ada, Robin here; please call us back.';
    let call: CallSession | undefined;
    const started = await startCall({
      callId,
      version,
      greeting: 'Hello Ada, this is Robin.',
      participant: { identity: outboundIdentity(callId), attributes: { 'sip.callID': 'SCL_2' } },
      build: { variables: { first_name: 'Ada' }, phone: { direction: 'outbound', call: () => call } },
      responses: [
        {
          input: 'You have reached Ada. Please leave a message after the tone.',
          toolCalls: [{ name: 'detected_answering_machine', args: {} }],
        },
        { input: voicemailInstructions(message), content: message },
      ],
    });
    call = started.call;
    const left = nextMessage(call.session, (item) => item.textContent === message);
    void call.session.run({ userInput: 'You have reached Ada. Please leave a message after the tone.' });
    await left;
    expect(await call.ended).toMatchObject({ endReason: 'voicemail', finalized: true });
    expect(await callRow(callId)).toMatchObject({ status: 'ended', endReason: 'voicemail' });
  });

  it('hangs up on an answering machine without a word when the agent is set to', async () => {
    const version = await addVersion(4, {
      greeting: 'Hello, this is {{agent_name}}.',
      phone: { voicemail: { action: 'hang_up', message: '' }, warmTransfer: false },
    });
    const callId = await seedOutboundCall(version);
    let call: CallSession | undefined;
    const started = await startCall({
      callId,
      version,
      greeting: 'Hello, this is Robin.',
      participant: { identity: outboundIdentity(callId), attributes: { 'sip.callID': 'SCL_3' } },
      build: { phone: { direction: 'outbound', call: () => call } },
      responses: [
        {
          input: 'The person you are calling is not available.',
          toolCalls: [{ name: 'detected_answering_machine', args: {} }],
        },
      ],
    });
    call = started.call;
    const closed = nextClose(call.session);
    void call.session.run({ userInput: 'The person you are calling is not available.' });
    expect((await closed).reason).toBe('voicemail');
    expect(await call.ended).toMatchObject({ endReason: 'voicemail' });
    await vi.waitFor(async () => expect((await callRow(callId)).endReason).toBe('voicemail'));
  });
});
