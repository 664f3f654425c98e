import { randomUUID } from 'node:crypto';
import { createCallRecorder } from '@switchboard/core/calls/call-recorder';
import { recordRoomEvent } from '@switchboard/core/calls/record-room-event';
import { SWEEP_STALE_CALLS_TASK, sweepStaleCalls } from '@switchboard/core/calls/sweep-stale-calls';
import { generateSecretsKeyPair } from '@switchboard/core/secrets/secret-box';
import { createTestDatabase, type TestDatabase } from '@switchboard/db/testing';
import { type RawBuilder, sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { liveKitRoomDirectory } from '../src/livekit/room-directory.ts';
import { startWorkerJobs } from '../src/start-worker-jobs.ts';
import { loadWorkerEnv } from '../src/worker-env.ts';
import { type FakeLiveKitSip, startFakeLiveKitSip } from './livekit/fake-livekit-sip.ts';
import { type SeededAgent, seedAgent, seedCall } from './seed-call.ts';

let db: TestDatabase;
let livekit: FakeLiveKitSip;
let acme: SeededAgent;
let globex: SeededAgent;
const warnings: string[] = [];
const logger = { info() {}, warn: (message: string) => warnings.push(message), error() {}, debug() {} };

beforeAll(async () => {
  db = await createTestDatabase();
  livekit = await startFakeLiveKitSip();
  // Two organizations: the sweeper works across tenants.
  acme = await seedAgent(db.owner, { baseUrl: 'http://127.0.0.1:9' });
  globex = await seedAgent(db.owner, { baseUrl: 'http://127.0.0.1:9' });
});
afterAll(async () => {
  await Promise.all([db.destroy(), livekit.close()]);
});
beforeEach(async () => {
  // Each test judges only its own calls: everything earlier tests left open is closed out of the way.
  await db.owner
    .updateTable('calls')
    .set({ status: 'ended', finalizedAt: new Date() })
    .where('finalizedAt', 'is', null)
    .execute();
  livekit.rooms.clear();
  livekit.listed.length = 0;
  livekit.isDown = false;
  warnings.length = 0;
});

const rooms = () => liveKitRoomDirectory(livekit);
const sweep = (options: { withLiveKit?: boolean } = {}) =>
  sweepStaleCalls({ systemDb: db.system, rooms: options.withLiveKit ? rooms() : undefined, logger });

/** A call row of `agent` as the API created it, then moved to the state under test on the database's clock. */
async function callIn(agent: SeededAgent, state: Record<string, RawBuilder<unknown>>): Promise<string> {
  const id = await seedCall(db.owner, agent);
  await db.owner.updateTable('calls').set(state).where('id', '=', id).execute();
  return id;
}

const ago = (interval: string) => sql`now() - ${interval}::interval`;
const stale = {
  /** A web call whose token ran out, no worker ever touched it. */
  neverJoined: () => ({ createdAt: ago('20 minutes') }),
  /** Answered 10 minutes ago; the worker's last heartbeat came 185 s into the call, 6 minutes ago. */
  workerLost: () => ({
    createdAt: ago('11 minutes'),
    status: sql`'active'`,
    startedAt: ago('10 minutes'),
    workerHeartbeatAt: sql`now() - interval '10 minutes' + interval '185 seconds'`,
    durationSeconds: sql`180`,
    usage: sql`'{"llm":{"inputTokens":1200}}'::jsonb`,
  }),
  healthy: () => ({
    createdAt: ago('11 minutes'),
    status: sql`'active'`,
    startedAt: ago('10 minutes'),
    workerHeartbeatAt: ago('5 seconds'),
  }),
};

const row = (id: string) =>
  db.owner.selectFrom('calls').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
const roomOf = async (id: string) => (await row(id)).roomName;

describe('the stale-call sweeper', () => {
  it('closes a call whose token ran out unused as never_joined, finalized', async () => {
    const id = await callIn(acme, stale.neverJoined());
    const recent = await callIn(globex, { createdAt: ago('1 minute') });

    const result = await sweep();

    expect(result.closed).toEqual([{ callId: id, endReason: 'never_joined' }]);
    expect(await row(id)).toMatchObject({
      status: 'ended',
      endReason: 'never_joined',
      durationSeconds: 0,
      costMillicredits: 0,
      usage: null,
      endedAt: expect.any(Date),
      finalizedAt: expect.any(Date),
    });
    // Its caller may still join with a token minutes old.
    expect(await row(recent)).toMatchObject({ status: 'created', finalizedAt: null });
  });

  it('closes a call whose worker stopped beating as worker_lost, ending at the last heartbeat', async () => {
    const id = await callIn(globex, stale.workerLost());
    const healthy = await callIn(acme, stale.healthy());

    expect((await sweep()).closed).toEqual([{ callId: id, endReason: 'worker_lost' }]);
    const closed = await row(id);
    expect(closed).toMatchObject({
      status: 'ended',
      endReason: 'worker_lost',
      durationSeconds: 185,
      costMillicredits: 0,
      // The usage the worker wrote with its last heartbeat is kept.
      usage: { llm: { inputTokens: 1200 } },
    });
    expect(closed.endedAt).toEqual(closed.workerHeartbeatAt);
    expect(await row(healthy)).toMatchObject({ status: 'active', endedAt: null, finalizedAt: null });
  });

  it('closes an active call that never wrote a heartbeat, at its start', async () => {
    const id = await callIn(acme, { ...stale.healthy(), workerHeartbeatAt: sql`null` });
    expect((await sweep()).closed).toEqual([{ callId: id, endReason: 'worker_lost' }]);
    const closed = await row(id);
    expect(closed).toMatchObject({ endReason: 'worker_lost', durationSeconds: 0 });
    expect(closed.endedAt).toEqual(closed.startedAt);
  });

  it('with LiveKit configured, closes only calls whose room LiveKit no longer has', async () => {
    const goneNeverJoined = await callIn(acme, stale.neverJoined());
    const goneLost = await callIn(globex, stale.workerLost());
    const aliveCreated = await callIn(acme, stale.neverJoined());
    const aliveActive = await callIn(globex, stale.workerLost());
    livekit.rooms.add(await roomOf(aliveCreated));
    livekit.rooms.add(await roomOf(aliveActive));

    const result = await sweep({ withLiveKit: true });

    expect(result.closed).toHaveLength(2);
    expect(result.closed).toEqual(
      expect.arrayContaining([
        { callId: goneNeverJoined, endReason: 'never_joined' },
        { callId: goneLost, endReason: 'worker_lost' },
      ]),
    );
    expect(result.roomsAlive).toBe(2);
    // Asked once, about the four stale calls' rooms only, with a token the SDK's verifier accepts.
    expect(livekit.listed).toHaveLength(1);
    expect(livekit.listed[0]?.sort()).toEqual(
      (await Promise.all([goneNeverJoined, goneLost, aliveCreated, aliveActive].map(roomOf))).sort(),
    );
    expect(livekit.refused).toBe(0);
    expect(await row(aliveCreated)).toMatchObject({ status: 'created', finalizedAt: null });
    expect(await row(aliveActive)).toMatchObject({ status: 'active', finalizedAt: null });
  });

  it('closes nothing that needs LiveKit while LiveKit cannot be asked, and says so', async () => {
    const id = await callIn(acme, stale.workerLost());
    livekit.isDown = true;
    expect(await sweep({ withLiveKit: true })).toEqual({ closed: [], roomsAlive: 0, unconfirmed: 1 });
    expect(warnings.join('\n')).toMatch(/LiveKit's room list is unavailable .*1 stale calls wait/);
    expect(await row(id)).toMatchObject({ status: 'active', finalizedAt: null });

    livekit.isDown = false;
    expect((await sweep({ withLiveKit: true })).closed).toEqual([{ callId: id, endReason: 'worker_lost' }]);
  });

  it('finalizes a call the webhook ended before finalizing existed, keeping its end', async () => {
    const id = await callIn(acme, {
      ...stale.workerLost(),
      status: sql`'ended'`,
      endReason: sql`'room_closed'`,
      endedAt: ago('5 minutes'),
      durationSeconds: sql`300`,
    });
    const before = await row(id);
    expect((await sweep({ withLiveKit: true })).closed).toEqual([{ callId: id, endReason: 'room_closed' }]);
    const after = await row(id);
    expect(after).toMatchObject({ endReason: 'room_closed', durationSeconds: 300, costMillicredits: 0 });
    expect(after.endedAt).toEqual(before.endedAt);
    expect(after.finalizedAt).toEqual(expect.any(Date));
    // The room of an ended call is not LiveKit's business any more.
    expect(livekit.listed).toEqual([]);
  });

  it('changes nothing when run again', async () => {
    const ids = [
      await callIn(acme, stale.neverJoined()),
      await callIn(globex, stale.workerLost()),
      await callIn(acme, stale.healthy()),
    ];
    expect((await sweep()).closed).toHaveLength(2);
    const first = await Promise.all(ids.map(row));
    expect(await sweep()).toEqual({ closed: [], roomsAlive: 0, unconfirmed: 0 });
    expect(await Promise.all(ids.map(row))).toEqual(first);
  });

  it('loses to the worker, and the worker loses to it: one finalization', async () => {
    const id = await callIn(acme, stale.workerLost());
    expect((await sweep()).closed).toHaveLength(1);
    const closed = await row(id);
    // The worker comes back from its stall and reports the end: the call was finalized already.
    const recorder = createCallRecorder(db.worker, { organizationId: acme.organizationId, callId: id });
    expect(await recorder.finalize({ endReason: 'caller_hung_up', durationSeconds: 999, usage: {} })).toBe(
      false,
    );
    expect(await row(id)).toEqual(closed);

    const finalizedFirst = await callIn(globex, stale.workerLost());
    const worker = createCallRecorder(db.worker, {
      organizationId: globex.organizationId,
      callId: finalizedFirst,
    });
    expect(
      await worker.finalize({ endReason: 'caller_hung_up', durationSeconds: 42, usage: { turns: 3 } }),
    ).toBe(true);
    expect((await sweep()).closed).toEqual([]);
    expect(await row(finalizedFirst)).toMatchObject({ endReason: 'caller_hung_up', durationSeconds: 42 });
  });
});

describe("LiveKit's room_finished webhook", () => {
  /** An active call that started 90 s before `at`, with usage written during the call. */
  async function activeCall(agent: SeededAgent, at: Date) {
    const id = await callIn(agent, {
      status: sql`'active'`,
      startedAt: sql`${new Date(at.getTime() - 90_000)}::timestamptz`,
      workerHeartbeatAt: ago('5 seconds'),
      usage: sql`'{"llm":{"inputTokens":800}}'::jsonb`,
    });
    return { id, roomName: await roomOf(id) };
  }
  const finished = (roomName: string, at: Date) =>
    recordRoomEvent(db.system, { id: `EV_${randomUUID()}`, kind: 'room_finished', roomName, at });

  it('finalizes a call its worker did not: duration, usage so far, cost', async () => {
    const at = new Date();
    const call = await activeCall(acme, at);
    expect(await finished(call.roomName, at)).toBe('recorded');
    const closed = await row(call.id);
    expect(closed).toMatchObject({
      status: 'ended',
      endReason: 'room_closed',
      durationSeconds: 90,
      usage: { llm: { inputTokens: 800 } },
      costMillicredits: 0,
      endedAt: at,
      finalizedAt: expect.any(Date),
    });
    // The worker's report comes too late: one finalization.
    const recorder = createCallRecorder(db.worker, { organizationId: acme.organizationId, callId: call.id });
    expect(await recorder.finalize({ endReason: 'caller_hung_up', durationSeconds: 91, usage: {} })).toBe(
      false,
    );
    expect(await row(call.id)).toEqual(closed);
    // …and the sweeper leaves it alone.
    expect((await sweep()).closed).toEqual([]);
  });

  it('keeps what the worker finalized first, taking only LiveKit later end', async () => {
    const at = new Date();
    const call = await activeCall(globex, at);
    const recorder = createCallRecorder(db.worker, {
      organizationId: globex.organizationId,
      callId: call.id,
    });
    expect(
      await recorder.finalize({ endReason: 'caller_hung_up', durationSeconds: 88, usage: { turns: 4 } }),
    ).toBe(true);
    const byWorker = await row(call.id);
    const later = new Date(Math.max(at.getTime(), (byWorker.endedAt ?? at).getTime()) + 1_000);
    expect(await finished(call.roomName, later)).toBe('recorded');
    expect(await row(call.id)).toEqual({ ...byWorker, endedAt: later });
  });
});

describe('the job runner', () => {
  it('schedules the sweeper every minute and runs it on demand', async () => {
    const id = await callIn(globex, stale.workerLost());
    const alive = await callIn(acme, stale.workerLost());
    livekit.rooms.add(await roomOf(alive));
    const env = loadWorkerEnv({
      DATABASE_WORKER_URL: db.urls.worker,
      DATABASE_SYSTEM_URL: db.urls.system,
      SWITCHBOARD_SECRETS_PRIVATE_KEY: generateSecretsKeyPair().privateKey,
      LIVEKIT_URL: livekit.url,
      LIVEKIT_API_KEY: livekit.apiKey,
      LIVEKIT_API_SECRET: livekit.apiSecret,
    });
    const jobs = await startWorkerJobs(env, {
      emailConfig: { kind: 'mailbox', from: 'Switchboard <test@example.test>' },
      logger,
      pollIntervalMs: 50,
    });
    try {
      // The cron item is registered with graphile-worker…
      await vi.waitFor(
        async () => {
          const { rows } = await sql<{ identifier: string }>`
            select identifier from graphile_worker._private_known_crontabs`.execute(db.owner);
          expect(rows.map((known) => known.identifier)).toContain(SWEEP_STALE_CALLS_TASK);
        },
        { timeout: 10_000, interval: 50 },
      );
      // …and the task runs when asked, without waiting for the minute.
      await sql`select graphile_worker.add_job(${SWEEP_STALE_CALLS_TASK})`.execute(db.owner);
      await vi.waitFor(async () => expect(await row(id)).toMatchObject({ endReason: 'worker_lost' }), {
        timeout: 10_000,
        interval: 50,
      });
      expect(livekit.listed.flat()).toContain(await roomOf(alive));
      expect(livekit.refused).toBe(0);
      expect(await row(alive)).toMatchObject({ status: 'active', finalizedAt: null });
    } finally {
      await jobs.stop();
    }
  });
});
