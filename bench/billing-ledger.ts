// Metering under load: 1,000 concurrent calls, each debiting every 10 s of simulated time for 5 minutes,
// through the voice worker's own write path (one CallRecorder per call: its queue, its bounded and retried
// debit — debitCall, one statement as the worker role: the call's row lock, the ledger entry, the balance)
// against a throwaway embedded PostgreSQL. Simulated time runs as fast as the database allows: each tick,
// every call debits its seconds so far, and one call in ten also replays its previous debit (a late
// retry). Prints ledger writes per second and a baseline measured in the same run, a round after each tick
// (plain one-row tenant transactions into a table with no balance and no lock), and checks that nothing
// was lost or debited twice: every call's entries add up to price × 300 s exactly, its cost column says
// the same, and each balance is its grant minus its calls. Figures of runs: docs/billing.md "Numbers".
// Run: node --import tsx bench/billing-ledger.ts   (optional: BENCH_CALLS, BENCH_ORGS, BENCH_CONNECTIONS)
import { randomUUID } from 'node:crypto';
import { appendLedgerEntry } from '@switchboard/core/billing/append-ledger-entry';
import type { CallRate } from '@switchboard/core/billing/call-rate';
import { callCostOf } from '@switchboard/core/billing/meter-call';
import { type CallRecorder, createCallRecorder } from '@switchboard/core/calls/call-recorder';
import { createDatabase, type Database } from '@switchboard/db/database';
import { withTenant } from '@switchboard/db/tenant';
import { cloneTemplateDatabase, startTestCluster } from '@switchboard/db/test-cluster';
import { sql } from 'kysely';

const CALLS = Number(process.env.BENCH_CALLS ?? 1_000);
/** Calls share balances: ten calls per organization by default, debiting the same balance row. */
const ORGS = Number(process.env.BENCH_ORGS ?? 100);
/** The pool the calls share (one voice worker process holds 2; this stands for a fleet of them). */
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 16);
const TICK_SECONDS = 10;
const CALL_SECONDS = 300;
const GRANT = 100_000_000;
const RATE: CallRate = { millicreditsPerMinute: 10_000, costCapMillicredits: null };

const say = (line: string) => console.log(`[billing-ledger] ${line}`);

interface SimCall {
  id: string;
  organizationId: string;
  recorder: CallRecorder;
}

async function seed(owner: Database, worker: Database): Promise<SimCall[]> {
  const orgs: { organizationId: string; agentId: string }[] = [];
  for (let index = 0; index < ORGS; index += 1) {
    const organizationId = randomUUID();
    await owner
      .insertInto('organizations')
      .values({ id: organizationId, name: `Org ${index}`, slug: `bench-${organizationId}` })
      .execute();
    const agent = await owner
      .insertInto('agents')
      .values({ organizationId, name: 'Bench', currentVersion: 1 })
      .returning('id')
      .executeTakeFirstOrThrow();
    await withTenant(worker, { orgId: organizationId }, (tx) =>
      appendLedgerEntry(tx, {
        organizationId,
        kind: 'manual_grant',
        amountMillicredits: GRANT,
        idempotencyKey: `bench-grant:${organizationId}`,
      }),
    );
    orgs.push({ organizationId, agentId: agent.id });
  }
  const calls: SimCall[] = [];
  for (let index = 0; index < CALLS; index += 1) {
    const org = orgs[index % ORGS];
    if (!org) throw new Error('no organization');
    const id = randomUUID();
    calls.push({
      id,
      organizationId: org.organizationId,
      recorder: createCallRecorder(
        worker,
        { organizationId: org.organizationId, callId: id },
        // Generous: a debit waiting for a pool connection under this load is not a failed debit.
        { writeTimeoutMs: 30_000, onError: (error, what) => say(`lost write (${what}): ${String(error)}`) },
      ),
    });
  }
  // In batches: one statement per call would make seeding the slow part.
  for (let start = 0; start < calls.length; start += 500) {
    await owner
      .insertInto('calls')
      .values(
        calls.slice(start, start + 500).map((call, offset) => ({
          id: call.id,
          organizationId: call.organizationId,
          agentId: orgs[(start + offset) % ORGS]?.agentId ?? '',
          agentVersion: 1,
          channel: 'web',
          status: 'active',
          roomName: `bench-${call.id}`,
        })),
      )
      .execute();
  }
  return calls;
}

/** The baseline's table: one-row transactions into it, same pool and role, with no lock and no balance. */
async function createBaselineTable(owner: Database) {
  await sql`create table bench_plain (
    id uuid primary key default gen_random_uuid(),
    organization_id uuid not null,
    amount_millicredits bigint not null,
    idempotency_key text not null unique,
    created_at timestamptz not null default now())`.execute(owner);
  await sql`grant insert on bench_plain to switchboard_worker`.execute(owner);
}

/**
 * Tick by tick, the debits and then as many plain transactions (one per call, in a tenant transaction as
 * withTenant opens it): every call debits its seconds so far, and every tenth also replays its previous
 * debit, which must add nothing. Alternating keeps both under the same load on a shared machine, where
 * running one after the other compared two different machines.
 */
async function meterAndBaseline(worker: Database, calls: SimCall[]) {
  const metered = { writes: 0, replays: 0, seconds: 0 };
  const plain = { writes: 0, seconds: 0 };
  for (let tick = 1; tick <= CALL_SECONDS / TICK_SECONDS; tick += 1) {
    const seconds = tick * TICK_SECONDS;
    let started = performance.now();
    await Promise.all(
      calls.map(async (call, index) => {
        const debit = await call.recorder.debit(seconds, RATE);
        if (debit && debit.debitedMillicredits > 0) metered.writes += 1;
        if (tick > 1 && index % 10 === tick % 10) {
          const replay = await call.recorder.debit(seconds - TICK_SECONDS, RATE);
          metered.replays += 1;
          if (replay && replay.debitedMillicredits > 0) throw new Error(`call ${call.id}: a replay debited`);
        }
      }),
    );
    metered.seconds += (performance.now() - started) / 1000;
    started = performance.now();
    await Promise.all(
      calls.map((call) =>
        withTenant(worker, { orgId: call.organizationId }, (tx) =>
          sql`insert into bench_plain (organization_id, amount_millicredits, idempotency_key)
              values (${call.organizationId}, -1, ${`${call.id}:${tick}`})`.execute(tx),
        ),
      ),
    );
    plain.writes += calls.length;
    plain.seconds += (performance.now() - started) / 1000;
  }
  return { metered, plain };
}

async function check(owner: Database, calls: SimCall[]) {
  const expected = callCostOf(RATE, CALL_SECONDS);
  // Rows come back camel-cased (the database's Kysely plugin).
  const perCall = await sql<{ callId: string; total: string }>`
    select call_id, -sum(amount_millicredits) as total
    from credit_ledger where kind = 'usage' group by call_id`.execute(owner);
  const byCall = new Map(perCall.rows.map((row) => [row.callId, row]));
  let lost = 0;
  let doubled = 0;
  for (const call of calls) {
    const total = Number(byCall.get(call.id)?.total ?? 0);
    if (total < expected) lost += 1;
    if (total > expected) doubled += 1;
  }
  const costs = await sql<{ mismatched: string }>`
    select count(*) as mismatched from calls c
    where c.cost_millicredits is distinct from
      (select -sum(amount_millicredits) from credit_ledger l where l.call_id = c.id)`.execute(owner);
  const balances = await sql<{ mismatched: string }>`
    select count(*) as mismatched from credit_balances b
    where b.balance_millicredits <> (select sum(amount_millicredits) from credit_ledger l
                                     where l.organization_id = b.organization_id)`.execute(owner);
  return {
    expected,
    lost,
    doubled,
    costMismatches: Number(costs.rows[0]?.mismatched ?? 0),
    balanceMismatches: Number(balances.rows[0]?.mismatched ?? 0),
  };
}

async function main() {
  say(`starting an embedded PostgreSQL; ${CALLS} calls in ${ORGS} organizations, ${CONNECTIONS} connections`);
  const cluster = await startTestCluster();
  const urls = await cloneTemplateDatabase(cluster.serverUrl, 'bench');
  const owner = createDatabase({ url: urls.owner, maxConnections: 4 });
  const worker = createDatabase({ url: urls.worker, maxConnections: CONNECTIONS });
  try {
    const calls = await seed(owner, worker);
    await createBaselineTable(owner);
    say(
      `metering ${CALL_SECONDS / TICK_SECONDS} ticks of ${TICK_SECONDS} s, each followed by a baseline round…`,
    );
    const { metered, plain } = await meterAndBaseline(worker, calls);
    const result = await check(owner, calls);
    const rate = (writes: number, seconds: number) => Math.round(writes / seconds);
    say(
      `metering: ${metered.writes} debits (+${metered.replays} replays) in ${metered.seconds.toFixed(1)} s = ${rate(metered.writes, metered.seconds)} ledger writes/s`,
    );
    say(
      `baseline: ${plain.writes} plain one-row transactions in ${plain.seconds.toFixed(1)} s = ${rate(plain.writes, plain.seconds)} writes/s`,
    );
    say(
      `debit ÷ baseline: ${(rate(metered.writes, metered.seconds) / rate(plain.writes, plain.seconds)).toFixed(2)}`,
    );
    say(
      `each call: ${result.expected} millicredits expected; lost ${result.lost}, double ${result.doubled}, cost≠ledger ${result.costMismatches}, balance≠ledger ${result.balanceMismatches}`,
    );
    const isExact = result.lost + result.doubled + result.costMismatches + result.balanceMismatches === 0;
    say(isExact ? 'OK: the ledger matches the calls exactly' : 'FAILED: the ledger does not match the calls');
    process.exitCode = isExact ? 0 : 1;
  } finally {
    await Promise.all([owner.destroy(), worker.destroy()]);
    await cluster.stop();
  }
}

await main();
