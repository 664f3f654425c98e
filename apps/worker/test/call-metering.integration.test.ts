import { randomUUID } from 'node:crypto';
import { initializeLogger, voice } from '@livekit/agents';
import { appendLedgerEntry } from '@switchboard/core/billing/append-ledger-entry';
import { type CallRate, callRateOf } from '@switchboard/core/billing/call-rate';
import { debitCall } from '@switchboard/core/billing/debit-call';
import { callCostOf, callDebitOf, meterCall } from '@switchboard/core/billing/meter-call';
import { createCallRecorder } from '@switchboard/core/calls/call-recorder';
import { sweepStaleCalls } from '@switchboard/core/calls/sweep-stale-calls';
import { loadAgentRuntime } from '@switchboard/core/runtime/load-agent-runtime';
import { createDatabase } from '@switchboard/db/database';
import { callAsTenant, withTenant } from '@switchboard/db/tenant';
import { createTestDatabase, type TestDatabase } from '@switchboard/db/testing';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildAgent, greetingInstructions } from '../src/runtime/build-agent.ts';
import { createCallControl } from '../src/runtime/call-control.ts';
import { BILLING_GOODBYES, type CallSession, createCallSession } from '../src/runtime/call-session.ts';
import { egress, type SeededAgent, secretBox, seedAgent, seedCall } from './seed-call.ts';
import { nextMessage } from './session-events.ts';

initializeLogger({ pretty: false, level: 'warn' });

const GREETING = 'Hello there, this is Robin at Acme Dental.';
/** The price migration 015 seeds for a web call with a realtime model (the seeded agent's Gemini Live). */
const WEB_REALTIME = 10_000;

let db: TestDatabase;

beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await egress.close();
  await db.destroy();
});

/** An organization of its own (its own balance), with `balance` millicredits granted. */
async function organizationWith(balance: number, callCostCap: number | null = null): Promise<SeededAgent> {
  const seeded = await seedAgent(db.owner, { baseUrl: 'http://127.0.0.1:9' });
  await db.owner
    .updateTable('organizations')
    .set({ callCostCapMillicredits: callCostCap })
    .where('id', '=', seeded.organizationId)
    .execute();
  await withTenant(db.worker, { orgId: seeded.organizationId }, (tx) =>
    appendLedgerEntry(tx, {
      organizationId: seeded.organizationId,
      kind: 'manual_grant',
      amountMillicredits: balance,
      idempotencyKey: `test-grant:${randomUUID()}`,
    }),
  );
  return seeded;
}

const rateOf = (seeded: SeededAgent, callId: string) =>
  withTenant(db.worker, { orgId: seeded.organizationId }, (tx) =>
    callRateOf(tx, { callId, modelKind: 'realtime' }),
  );

/**
 * A call with the real recorder and AgentSession in text mode, metered (unless `metered` is false) at the
 * price in the database. Its clock is the test's: `clock.ms` is how far into the call it is; the heartbeat
 * (every 20 ms of real time) reads it, so each debit covers exactly the seconds the test moved it on.
 */
async function startCall(
  seeded: SeededAgent,
  { metered = true, responses = [] as voice.testing.FakeLLMResponse[] } = {},
) {
  const callId = await seedCall(db.owner, seeded);
  const recorder = createCallRecorder(
    db.worker,
    { organizationId: seeded.organizationId, callId },
    { onError: (error, what) => console.error(what, error) },
  );
  const rate = await rateOf(seeded, callId);
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
  const clock = { ms: 0 };
  call = createCallSession({
    model: { kind: 'text', llm: fake },
    recorder,
    maxDurationSeconds: 900,
    silenceTimeoutSeconds: 600,
    heartbeatIntervalMs: 20,
    now: () => clock.ms,
    billing: metered ? { rate, graceSeconds: 0 } : undefined,
  });
  const agent = buildAgent(runtime, { tools: { observer: call.toolObserver } });
  const greeted = nextMessage(call.session, (message) => message.role === 'assistant');
  await call.start({ agent });
  await greeted;
  return { call, callId, rate, clock };
}

const ledgerOf = (callId: string) =>
  db.owner
    .selectFrom('creditLedger')
    .select(['kind', 'idempotencyKey', 'amountMillicredits'])
    .where('callId', '=', callId)
    .orderBy('createdAt')
    .orderBy('amountMillicredits')
    .execute();

const debitsOf = async (callId: string) =>
  (await ledgerOf(callId)).map((entry) => ({
    upTo: Number(entry.idempotencyKey.split(':upto:')[1]),
    amount: Number(entry.amountMillicredits),
  }));

const balanceOf = async (organizationId: string) =>
  Number(
    (
      await db.owner
        .selectFrom('creditBalances')
        .select('balanceMillicredits')
        .where('organizationId', '=', organizationId)
        .executeTakeFirstOrThrow()
    ).balanceMillicredits,
  );

const callRowOf = async (callId: string) => {
  const row = await db.owner
    .selectFrom('calls')
    .select(['endReason', 'durationSeconds', 'costMillicredits'])
    .where('id', '=', callId)
    .executeTakeFirstOrThrow();
  return { ...row, costMillicredits: Number(row.costMillicredits) };
};

const transcriptOf = async (callId: string) =>
  (
    await db.owner
      .selectFrom('callTranscriptItems')
      .select('text')
      .where('callId', '=', callId)
      .orderBy('seq')
      .execute()
  ).map((item) => item.text);

/** Moves the call's clock on and waits (bounded) for the debit of the seconds up to there. */
async function advanceTo(call: { callId: string; clock: { ms: number } }, seconds: number) {
  call.clock.ms = seconds * 1000;
  await vi.waitFor(async () => expect((await debitsOf(call.callId)).at(-1)?.upTo).toBe(seconds), {
    timeout: 5_000,
  });
}

describe('metering during the call', () => {
  it('debits the seconds as the call runs and at the end, adding up to price × seconds', async () => {
    const seeded = await organizationWith(100_000);
    const started = await startCall(seeded);
    const { call, callId, rate } = started;
    expect(rate).toEqual({ millicreditsPerMinute: WEB_REALTIME, costCapMillicredits: null });

    await advanceTo(started, 10);
    await advanceTo(started, 20);
    // Written with the debit, before the call ends.
    expect((await callRowOf(callId)).costMillicredits).toBe(callCostOf(rate, 20));
    started.clock.ms = 25_400;
    call.end('caller_hung_up');
    expect(await call.ended).toMatchObject({ endReason: 'caller_hung_up', durationSeconds: 25 });

    // 10 s, 10 s and the last 5 s (rounded to the second), each period's cost once.
    expect(await debitsOf(callId)).toEqual([
      { upTo: 10, amount: -1667 },
      { upTo: 20, amount: -1666 },
      { upTo: 25, amount: -834 },
    ]);
    const total = Math.round((WEB_REALTIME * 25) / 60);
    expect((await ledgerOf(callId)).every((entry) => entry.kind === 'usage')).toBe(true);
    expect(await callRowOf(callId)).toMatchObject({
      endReason: 'caller_hung_up',
      durationSeconds: 25,
      costMillicredits: total,
    });
    expect(await balanceOf(seeded.organizationId)).toBe(100_000 - total);
  });

  it("debits the last seconds also when the room's webhook finalized the call first", async () => {
    const seeded = await organizationWith(100_000);
    const started = await startCall(seeded);
    await advanceTo(started, 10);
    // LiveKit's room_finished arrives before the worker finalizes (closeCall, as record-room-event does).
    await db.owner
      .updateTable('calls')
      .set({ status: 'ended', endReason: 'room_closed', finalizedAt: new Date() })
      .where('id', '=', started.callId)
      .execute();
    started.clock.ms = 14_600;
    started.call.end('caller_hung_up');
    expect(await started.call.ended).toMatchObject({ durationSeconds: 15, finalized: false });
    expect((await debitsOf(started.callId)).map((entry) => entry.upTo)).toEqual([10, 15]);
    expect(await callRowOf(started.callId)).toMatchObject({
      endReason: 'room_closed',
      costMillicredits: callCostOf(started.rate, 15),
    });
  });

  it('never counts a retried, replayed or late debit twice, even when they race', async () => {
    const seeded = await organizationWith(100_000);
    const callId = await seedCall(db.owner, seeded);
    const rate: CallRate = await rateOf(seeded, callId);
    const debit = (seconds: number) =>
      withTenant(db.worker, { orgId: seeded.organizationId }, (tx) =>
        meterCall(tx, { organizationId: seeded.organizationId, callId, seconds, rate }),
      );

    expect(await debit(10)).toEqual({
      totalMillicredits: 1667,
      debitedMillicredits: 1667,
      balanceMillicredits: 100_000 - 1667,
    });
    // The same period again (a retry whose first attempt landed), and an earlier one arriving late.
    expect(await debit(10)).toMatchObject({ totalMillicredits: 1667, debitedMillicredits: 0 });
    expect(await debit(5)).toMatchObject({ totalMillicredits: 1667, debitedMillicredits: 0 });
    // The same key written around the meter (a replay of the entry itself) inserts nothing.
    expect(
      await withTenant(db.worker, { orgId: seeded.organizationId }, (tx) =>
        appendLedgerEntry(tx, {
          organizationId: seeded.organizationId,
          kind: 'usage',
          amountMillicredits: -1667,
          idempotencyKey: `call:${callId}:upto:10`,
          callId,
        }),
      ),
    ).toMatchObject({ inserted: false });
    // Writers racing each other over the same and later periods (the worker, its retries, the sweeper).
    await Promise.all([30, 30, 20, 30, 25, 30, 30].map((seconds) => debit(seconds)));

    const total = Math.round((WEB_REALTIME * 30) / 60);
    const debits = await debitsOf(callId);
    expect(debits.reduce((sum, entry) => sum + entry.amount, 0)).toBe(-total);
    expect(new Set(debits.map((entry) => entry.upTo)).size).toBe(debits.length);
    expect((await callRowOf(callId)).costMillicredits).toBe(total);
    expect(await balanceOf(seeded.organizationId)).toBe(100_000 - total);
  });

  it('ends the call as credits_exhausted, after a goodbye, once the balance runs out', async () => {
    const goodbye = 'I am sorry, I have to end the call now. Goodbye!';
    const seeded = await organizationWith(2_000);
    const started = await startCall(seeded, {
      responses: [{ input: BILLING_GOODBYES.credits_exhausted, content: goodbye }],
    });
    await advanceTo(started, 10);
    // 333 left: the call goes on.
    expect(await balanceOf(seeded.organizationId)).toBe(333);
    expect(await transcriptOf(started.callId)).toEqual([GREETING]);

    await advanceTo(started, 20);
    expect(await started.call.ended).toMatchObject({ endReason: 'credits_exhausted', finalized: true });
    expect(await transcriptOf(started.callId)).toEqual([GREETING, goodbye]);
    expect(await callRowOf(started.callId)).toMatchObject({
      endReason: 'credits_exhausted',
      costMillicredits: callCostOf(started.rate, 20),
    });
    // The seconds used are billed even past zero: the balance shows what the call overran.
    expect(await balanceOf(seeded.organizationId)).toBe(2_000 - callCostOf(started.rate, 20));
  });

  it("ends the call as cost_cap_reached once it costs the organization's per-call cap", async () => {
    const goodbye = 'This call has reached its limit. Goodbye!';
    const seeded = await organizationWith(1_000_000, 2_500);
    const started = await startCall(seeded, {
      responses: [{ input: BILLING_GOODBYES.cost_cap_reached, content: goodbye }],
    });
    expect(started.rate.costCapMillicredits).toBe(2_500);
    await advanceTo(started, 10);
    expect(await transcriptOf(started.callId)).toEqual([GREETING]);
    await advanceTo(started, 20);
    expect(await started.call.ended).toMatchObject({ endReason: 'cost_cap_reached', finalized: true });
    expect(await transcriptOf(started.callId)).toEqual([GREETING, goodbye]);
    expect(await callRowOf(started.callId)).toMatchObject({ endReason: 'cost_cap_reached' });
  });

  it('debits nothing when metering is off', async () => {
    const seeded = await organizationWith(1_000);
    const { call, callId, clock } = await startCall(seeded, { metered: false });
    clock.ms = 30_000;
    // The heartbeat ran with the seconds that would have been billed.
    await vi.waitFor(async () => expect((await callRowOf(callId)).durationSeconds).toBe(30), {
      timeout: 5_000,
    });
    call.end('caller_hung_up');
    expect(await call.ended).toMatchObject({ endReason: 'caller_hung_up', durationSeconds: 30 });
    expect(await ledgerOf(callId)).toEqual([]);
    expect(await callRowOf(callId)).toMatchObject({ costMillicredits: 0 });
    expect(await balanceOf(seeded.organizationId)).toBe(1_000);
  });
});

describe('the stale-call sweeper', () => {
  it("debits a lost call's seconds up to its last heartbeat that its worker did not, once", async () => {
    const seeded = await organizationWith(100_000);
    const callId = await seedCall(db.owner, seeded);
    const rate = await rateOf(seeded, callId);
    // The worker debited the first 180 s, wrote its heartbeat at 185 s, and crashed before debiting it.
    await withTenant(db.worker, { orgId: seeded.organizationId }, (tx) =>
      meterCall(tx, { organizationId: seeded.organizationId, callId, seconds: 180, rate }),
    );
    await db.owner
      .updateTable('calls')
      .set({
        status: 'active',
        startedAt: sql`now() - interval '10 minutes'`,
        workerHeartbeatAt: sql`now() - interval '10 minutes' + interval '185 seconds'`,
        durationSeconds: 185,
      })
      .where('id', '=', callId)
      .execute();
    const sweep = () =>
      sweepStaleCalls({
        systemDb: db.system,
        billing: { workerDb: db.worker },
        logger: { info() {}, warn() {} },
      });

    expect((await sweep()).closed).toContainEqual({ callId, endReason: 'worker_lost' });
    expect(await debitsOf(callId)).toEqual([
      { upTo: 180, amount: -callCostOf(rate, 180) },
      { upTo: 185, amount: -(callCostOf(rate, 185) - callCostOf(rate, 180)) },
    ]);
    expect(await callRowOf(callId)).toMatchObject({
      endReason: 'worker_lost',
      costMillicredits: callCostOf(rate, 185),
    });
    // Swept again (a second runner, a retry): nothing more.
    expect((await sweep()).closed).not.toContainEqual(expect.objectContaining({ callId }));
    expect(await balanceOf(seeded.organizationId)).toBe(100_000 - callCostOf(rate, 185));
  });
});

describe('the one-statement debit (debit_call, migration 029)', () => {
  /** debit_call itself, as the worker sends it (callAsTenant); `organizationId` is the tenant it claims. */
  const debitCallRow = (organizationId: string, callId: string, seconds: number, rate: CallRate) => {
    const { totalMillicredits, idempotencyKey, reason } = callDebitOf(callId, seconds, rate);
    return callAsTenant<{
      before: number | null;
      balanceMillicredits: number | null;
      needsTransaction: boolean;
    }>(db.worker, { orgId: organizationId }, 'debit_call', [
      sql`${callId}::uuid`,
      sql`${totalMillicredits}::bigint`,
      sql`${idempotencyKey}::text`,
      sql`${reason}::text`,
    ]);
  };

  it('never loses or doubles a debit when many calls of one organization debit and replay at once', async () => {
    const seeded = await organizationWith(10_000_000);
    const callIds = await Promise.all(Array.from({ length: 8 }, () => seedCall(db.owner, seeded)));
    const rate = await rateOf(seeded, callIds[0] ?? '');
    // More connections than the test database's pool, so the debits really run side by side.
    const workers = createDatabase({ url: db.urls.worker, maxConnections: 8 });
    try {
      // Every call's periods at once, each twice (a retry whose first attempt landed), and late ones.
      await Promise.all(
        callIds.flatMap((callId) =>
          [10, 20, 30, 40, 50, 60, 60, 30, 10, 45].map((seconds) =>
            debitCall(workers, { organizationId: seeded.organizationId, callId, seconds, rate }),
          ),
        ),
      );
    } finally {
      await workers.destroy();
    }
    const total = callCostOf(rate, 60);
    for (const callId of callIds) {
      const debits = await debitsOf(callId);
      expect(debits.reduce((sum, entry) => sum + entry.amount, 0)).toBe(-total);
      expect(new Set(debits.map((entry) => entry.upTo)).size).toBe(debits.length);
      expect((await callRowOf(callId)).costMillicredits).toBe(total);
    }
    expect(await balanceOf(seeded.organizationId)).toBe(10_000_000 - callIds.length * total);
  });

  it('applies a replayed debit (the same key) once, in one statement', async () => {
    const seeded = await organizationWith(100_000);
    const callId = await seedCall(db.owner, seeded);
    const rate = await rateOf(seeded, callId);

    expect(await debitCallRow(seeded.organizationId, callId, 10, rate)).toEqual({
      before: 0,
      balanceMillicredits: 100_000 - 1667,
      needsTransaction: false,
    });
    expect(await debitCallRow(seeded.organizationId, callId, 10, rate)).toEqual({
      before: 1667,
      balanceMillicredits: null,
      needsTransaction: false,
    });
    expect(
      await debitCall(db.worker, { organizationId: seeded.organizationId, callId, seconds: 10, rate }),
    ).toEqual({ totalMillicredits: 1667, debitedMillicredits: 0, balanceMillicredits: null });
    expect(await debitsOf(callId)).toEqual([{ upTo: 10, amount: -1667 }]);
    expect(await balanceOf(seeded.organizationId)).toBe(100_000 - 1667);
  });

  it("cannot debit another organization's call, nor switch the tenant of a transaction", async () => {
    const a = await organizationWith(100_000);
    const b = await organizationWith(100_000);
    const callOfA = await seedCall(db.owner, a);
    const callOfB = await seedCall(db.owner, b);
    const rate = await rateOf(a, callOfA);

    // As B, A's call is not visible: nothing is debited from anyone.
    expect(await debitCallRow(b.organizationId, callOfA, 10, rate)).toMatchObject({ before: null });
    await expect(
      debitCall(db.worker, { organizationId: b.organizationId, callId: callOfA, seconds: 10, rate }),
    ).rejects.toThrow(/does not exist/);
    // Inside a transaction acting for A, the function refuses B rather than entering it.
    await expect(
      withTenant(db.worker, { orgId: a.organizationId }, (tx) =>
        sql`select * from debit_call(${b.organizationId}::uuid, ${callOfB}::uuid, 1667::bigint,
          ${`call:${callOfB}:upto:10`}::text, null)`.execute(tx),
      ),
    ).rejects.toThrow(/acts for another organization/);

    expect(await ledgerOf(callOfA)).toEqual([]);
    expect(await ledgerOf(callOfB)).toEqual([]);
    expect(await balanceOf(a.organizationId)).toBe(100_000);
    expect(await balanceOf(b.organizationId)).toBe(100_000);
  });

  it("is not the API's to call: only the worker role meters", async () => {
    const seeded = await organizationWith(100_000);
    const callId = await seedCall(db.owner, seeded);
    const attempt = (connection: typeof db.app) =>
      sql`select * from debit_call(${seeded.organizationId}::uuid, ${callId}::uuid, 1667::bigint,
        ${`call:${callId}:upto:10`}::text, null)`.execute(connection);
    await expect(attempt(db.app)).rejects.toThrow(/permission denied for function debit_call/);
    await expect(attempt(db.system)).rejects.toThrow(/permission denied for function debit_call/);
    await expect(
      sql`select tenancy.enter_org(${seeded.organizationId}::uuid)`.execute(db.app),
    ).rejects.toThrow(/permission denied for function enter_org/);
    expect(await ledgerOf(callId)).toEqual([]);
  });

  it('leaves a debit that crosses a balance level to a tenant transaction, which flags it once', async () => {
    const seeded = await organizationWith(10_000);
    await db.owner
      .updateTable('organizations')
      .set({ lowBalanceThresholdMillicredits: 9_000 })
      .where('id', '=', seeded.organizationId)
      .execute();
    const callId = await seedCall(db.owner, seeded);
    const rate = await rateOf(seeded, callId);

    // 10,000 − 1,667 falls below 9,000: the statement writes nothing and says so.
    expect(await debitCallRow(seeded.organizationId, callId, 10, rate)).toMatchObject({
      needsTransaction: true,
      balanceMillicredits: null,
    });
    expect(await ledgerOf(callId)).toEqual([]);
    expect(
      await debitCall(db.worker, { organizationId: seeded.organizationId, callId, seconds: 10, rate }),
    ).toEqual({ totalMillicredits: 1667, debitedMillicredits: 1667, balanceMillicredits: 10_000 - 1667 });
    const flags = () =>
      db.owner
        .selectFrom('creditBalances')
        .select(['isLow', 'isExhausted'])
        .where('organizationId', '=', seeded.organizationId)
        .executeTakeFirstOrThrow();
    expect(await flags()).toEqual({ isLow: true, isExhausted: false });
    // Below the threshold already: the next debit crosses nothing and is one statement again.
    expect(await debitCallRow(seeded.organizationId, callId, 20, rate)).toMatchObject({
      needsTransaction: false,
      balanceMillicredits: 10_000 - 3333,
    });
    expect(await debitsOf(callId)).toEqual([
      { upTo: 10, amount: -1667 },
      { upTo: 20, amount: -1666 },
    ]);
  });
});
