import { randomUUID } from 'node:crypto';
import type { Analytics, AnalyticsQuery } from '@switchboard/contracts/analytics';
import type { OrgScope } from '@switchboard/core/access/actor';
import { getAnalytics } from '@switchboard/core/analytics/get-analytics';
import { REBUILD_ROLLUPS_TASK, rebuildRollups } from '@switchboard/core/analytics/rebuild-rollups';
import { createCallRecorder } from '@switchboard/core/calls/call-recorder';
import { closeCall } from '@switchboard/core/calls/close-call';
import { updateOrganization } from '@switchboard/core/organizations/update-organization';
import { getAnalyticsFromCalls } from '@switchboard/core/testing/analytics-from-calls';
import { type TransactionEnd, withSystem, withTenant } from '@switchboard/db/tenant';
import { createTestDatabase, type TestDatabase } from '@switchboard/db/testing';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// The daily rollups of migration 031 against the calls themselves: the Analytics page reads rollups for
// the finalized calls and aggregates only the open ones, and must say what aggregating every call says.
// Calls spread over days and time zones (either side of local midnight), finalized through the worker's
// recorder, the sweeper's/webhook's closeCall (system door) and fixtures; corrected after finalization.
let db: TestDatabase;

beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(() => db.destroy());

const DAY_MS = 86_400_000;
const ZONES = ['Pacific/Auckland', 'America/Los_Angeles', 'UTC'];

interface Org {
  id: string;
  agents: string[];
}

async function newOrg(timeZone: string): Promise<Org> {
  const id = randomUUID();
  await db.owner
    .insertInto('organizations')
    .values({ id, name: `Rollups ${timeZone}`, slug: `rollups-${id}`, timeZone })
    .execute();
  const agents: string[] = [];
  for (const name of ['Desk', 'Sales']) {
    const agent = await db.owner
      .insertInto('agents')
      .values({ organizationId: id, name, currentVersion: 1 })
      .returning('id')
      .executeTakeFirstOrThrow();
    agents.push(agent.id);
  }
  return { id, agents };
}

const scopeOf = (orgId: string, tx: OrgScope['tx'], { commitWith }: TransactionEnd): OrgScope => ({
  tx,
  commitWith,
  actor: {
    userId: randomUUID(),
    name: 'Analyst',
    email: 'analyst@example.test',
    emailVerified: true,
    isPlatformAdmin: false,
  },
  membership: { organizationId: orgId, role: 'org_admin', permissions: ['calls:read'] },
});

const both = (orgId: string, query: AnalyticsQuery) =>
  withTenant(db.app, { orgId }, async (tx, _, end) => ({
    rollups: await getAnalytics(scopeOf(orgId, tx, end), query),
    calls: await getAnalyticsFromCalls(scopeOf(orgId, tx, end), query),
  }));

/** Within what the histograms promise (migration 031, analytics.ms_bucket): 5% and half a millisecond. */
function expectClose(actual: number | null, expected: number | null, what: string) {
  if (expected === null || actual === null) {
    expect([what, actual]).toEqual([what, expected]);
    return;
  }
  const tolerance = Math.abs(expected) * 0.05 + 1;
  expect([what, Math.abs(actual - expected) <= tolerance, actual]).toEqual([what, true, actual]);
}

/** Everything equal; the percentiles within the histograms' precision. */
function expectSameAnalytics({ rollups, calls }: { rollups: Analytics; calls: Analytics }) {
  const {
    latency: rollupLatency,
    toolCalls: rollupTools,
    busiestHours: rollupHours,
    ...rollupRest
  } = rollups;
  const { latency: callLatency, toolCalls: callTools, busiestHours: callHours, ...callRest } = calls;
  expect(rollupRest).toEqual(callRest);
  const byHour = (a: { weekday: number; hour: number }, b: { weekday: number; hour: number }) =>
    a.weekday - b.weekday || a.hour - b.hour;
  expect([...rollupHours].sort(byHour)).toEqual([...callHours].sort(byHour));
  expect(rollupTools.map(({ functionName, calls, errors }) => ({ functionName, calls, errors }))).toEqual(
    callTools.map(({ functionName, calls, errors }) => ({ functionName, calls, errors })),
  );
  rollupTools.forEach((tool, index) => {
    expectClose(tool.p50Ms, callTools[index]!.p50Ms, `${tool.functionName} p50`);
    expectClose(tool.p90Ms, callTools[index]!.p90Ms, `${tool.functionName} p90`);
  });
  expect(rollupLatency.turns).toBe(callLatency.turns);
  for (const measure of ['endOfUtteranceMs', 'firstTokenMs', 'firstAudioMs', 'toolMs'] as const) {
    for (const at of ['p50', 'p90', 'p99'] as const) {
      expectClose(rollupLatency[measure][at], callLatency[measure][at], `${measure} ${at}`);
    }
  }
}

/**
 * A call of the agent created at `createdAt`, with a few turns and tool calls (varied latencies, so the
 * rounding shows), inserted as the fixtures owner; finalized in that insert when `finalized`.
 */
async function seedCall(
  org: Org,
  agentIndex: number,
  createdAt: Date,
  n: number,
  finalized: boolean,
): Promise<string> {
  const { id } = await db.owner
    .insertInto('calls')
    .values({
      organizationId: org.id,
      agentId: org.agents[agentIndex]!,
      agentVersion: 1,
      channel: n % 2 === 0 ? 'web' : 'phone',
      direction: n % 2 === 0 ? null : 'inbound',
      roomName: `room-${randomUUID()}`,
      status: finalized ? 'ended' : 'active',
      endReason: finalized ? ['caller_hung_up', 'transferred', 'agent_ended', 'model_error'][n % 4]! : null,
      durationSeconds: finalized ? 20 + ((n * 37) % 400) : null,
      costMillicredits: finalized ? String(((n * 37) % 400) * 167) : null,
      finalizedAt: finalized ? createdAt : null,
      createdAt,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db.owner
    .insertInto('callTurns')
    .values(
      [1, 2, 3].slice(0, 1 + (n % 3)).map((turn) => ({
        organizationId: org.id,
        callId: id,
        turnIndex: turn,
        speechId: `speech_${turn}`,
        endOfUtteranceMs: n % 5 === 0 ? null : 40 + ((n * 131 + turn * 17) % 1900),
        firstTokenMs: 90 + ((n * 53 + turn * 29) % 2600),
        firstAudioMs: 150 + ((n * 71 + turn * 13) % 4100),
        toolMs: turn === 2 ? 5 + ((n * 97) % 3000) : 0,
        toolCalls: turn === 2 ? 1 : 0,
        createdAt: new Date(createdAt.getTime() + turn * 20_000),
      })),
    )
    .execute();
  if (n % 2 === 0) {
    await db.owner
      .insertInto('callToolCalls')
      .values(
        ['lookup_order', n % 4 === 0 ? 'book_visit' : 'lookup_order'].map((functionName, index) => ({
          organizationId: org.id,
          callId: id,
          toolCallId: `tc_${index}`,
          functionName,
          arguments: '{}',
          isError: (n + index) % 5 === 0,
          startedAt: new Date(createdAt.getTime() + 30_000),
          finishedAt:
            n % 6 === 0 && index === 1
              ? null
              : new Date(createdAt.getTime() + 30_000 + 3 + ((n * 173) % 2500)),
        })),
      )
      .execute();
  }
  return id;
}

/** Local midnight of `daysAgo` days before today in `timeZone`, as an instant (today's offset: across a DST change, an hour off, which only moves where the calls fall). */
function localMidnight(timeZone: string, daysAgo: number): Date {
  const now = new Date();
  const local = new Date(now.toLocaleString('en-US', { timeZone }));
  const utc = new Date(now.toLocaleString('en-US', { timeZone: 'UTC' }));
  const offset = local.getTime() - utc.getTime();
  const day = new Date(now.getTime() + offset);
  day.setUTCHours(0, 0, 0, 0);
  return new Date(day.getTime() - daysAgo * DAY_MS - offset);
}

const isoDay = (timeZone: string, daysAgo: number) =>
  new Date(localMidnight(timeZone, daysAgo).getTime() + 12 * 3_600_000).toLocaleDateString('en-CA', {
    timeZone,
  });

describe('daily rollups', () => {
  const orgs: Org[] = [];
  const openCalls: { org: Org; id: string }[] = [];

  beforeAll(async () => {
    for (const zone of ZONES) orgs.push(await newOrg(zone));
    for (const [o, org] of orgs.entries()) {
      const zone = ZONES[o]!;
      let n = o * 100;
      for (let daysAgo = 1; daysAgo <= 9; daysAgo += 1) {
        const midnight = localMidnight(zone, daysAgo);
        // Either side of local midnight (the UTC date differs from the local one in two of the zones),
        // mid-day, and the last minute of the day.
        for (const offsetMinutes of [1, 9 * 60 + 17, 13 * 60, 23 * 60 + 59, -2]) {
          n += 1;
          await seedCall(org, n % 2, new Date(midnight.getTime() + offsetMinutes * 60_000), n, true);
        }
      }
      // Today: finalized and still open; an open call from three days ago (a stuck one) as well.
      const today = localMidnight(zone, 0);
      for (let index = 0; index < 4; index += 1) {
        n += 1;
        const at = new Date(Math.min(Date.now() - 60_000, today.getTime() + index * 60_000));
        const id = await seedCall(org, index % 2, at, n, index % 2 === 0);
        if (index % 2 === 1) openCalls.push({ org, id });
      }
      n += 1;
      openCalls.push({
        org,
        id: await seedCall(org, 0, new Date(localMidnight(zone, 3).getTime() + 3_600_000), n, false),
      });
    }
  });

  it('are kept for every finalized call, and the analytics equal aggregating the calls', async () => {
    const rows = await db.owner
      .selectFrom('callDailyRollups')
      .select((eb) => [eb.fn.sum<string>('calls').as('calls'), eb.fn.countAll<string>().as('rows')])
      .executeTakeFirstOrThrow();
    const finalized = await db.owner
      .selectFrom('calls')
      .select((eb) => eb.fn.countAll<string>().as('calls'))
      .where('finalizedAt', 'is not', null)
      .executeTakeFirstOrThrow();
    expect(Number(rows.calls)).toBe(Number(finalized.calls));
    expect(Number(rows.rows)).toBeGreaterThan(ZONES.length * 2 * 9);

    for (const [o, org] of orgs.entries()) {
      const zone = ZONES[o]!;
      const queries: AnalyticsQuery[] = [
        {},
        { agentId: org.agents[1] },
        { from: isoDay(zone, 9), to: isoDay(zone, 0) },
        { from: isoDay(zone, 5), to: isoDay(zone, 5), agentId: org.agents[0] },
        { from: isoDay(zone, 3), to: isoDay(zone, 2) },
      ];
      for (const query of queries) {
        const result = await both(org.id, query);
        expect(result.rollups.totals.calls).toBeGreaterThan(0);
        expectSameAnalytics(result);
      }
    }
  });

  it('count a call finalized twice once, and follow corrections made after finalizing', async () => {
    const org = orgs[2]!;
    const before = await both(org.id, {});
    const [first, second] = openCalls.filter((call) => call.org === org);
    // The worker finalizes, and retries; the room's webhook (system door) comes late and changes nothing.
    const recorder = createCallRecorder(db.worker, { organizationId: org.id, callId: first!.id });
    await recorder.finalize({ endReason: 'caller_hung_up', durationSeconds: 61, usage: null });
    await recorder.finalize({ endReason: 'caller_hung_up', durationSeconds: 61, usage: null });
    const closing = { callId: first!.id, endReason: 'room_closed', endedAt: new Date(), durationSeconds: 61 };
    expect(await withSystem(db.system, 'test: webhook', (tx) => closeCall(tx, closing))).toBe(false);
    // The sweeper closes the stuck one.
    expect(
      await withSystem(db.system, 'test: sweeper', (tx) =>
        closeCall(tx, { ...closing, callId: second!.id, endReason: 'worker_lost' }),
      ),
    ).toBe(true);
    // A late debit, a turn and a tool call written after the worker finalized.
    await withTenant(db.worker, { orgId: org.id }, async (tx) => {
      await tx.updateTable('calls').set({ costMillicredits: '4200' }).where('id', '=', first!.id).execute();
      await tx
        .insertInto('callTurns')
        .values({
          organizationId: org.id,
          callId: first!.id,
          turnIndex: 9,
          speechId: 'late',
          firstTokenMs: 777,
        })
        .execute();
      await tx
        .insertInto('callToolCalls')
        .values({
          organizationId: org.id,
          callId: first!.id,
          toolCallId: 'late',
          functionName: 'late_function',
          arguments: '{}',
          startedAt: new Date(),
          finishedAt: new Date(),
        })
        .execute();
    });

    const after = await both(org.id, {});
    expectSameAnalytics(after);
    expect(after.rollups.totals.calls).toBe(before.rollups.totals.calls);
    expect(after.rollups.latency.turns).toBe(before.rollups.latency.turns + 1);
    expect(after.rollups.toolCalls).toContainEqual(
      expect.objectContaining({ functionName: 'late_function' }),
    );
    // Both are in the rollups now, not aggregated live.
    const stored = await db.owner
      .selectFrom('callDailyRollups')
      .select((eb) => eb.fn.sum<string>('calls').as('calls'))
      .where('organizationId', '=', org.id)
      .executeTakeFirstOrThrow();
    const finalized = await db.owner
      .selectFrom('calls')
      .select((eb) => eb.fn.countAll<string>().as('calls'))
      .where('organizationId', '=', org.id)
      .where('finalizedAt', 'is not', null)
      .executeTakeFirstOrThrow();
    expect(stored.calls).toBe(finalized.calls);
  });

  it('answer the new days at once when the time zone changes, and the queued rebuild makes them rollups again', async () => {
    const org = orgs[0]!;
    const rowsBefore = await storedRows(org);
    await changeZone(org, 'America/New_York');
    // The change committed without rebuilding: one job queued with it, the rows untouched, the old zone
    // still the complete one, and the figures already those of the new days (aggregated from the calls).
    expect(await queuedRebuilds(org)).toBe(1);
    expect(await storedRows(org)).toEqual(rowsBefore);
    expect(await completeZone(org)).toBe('Pacific/Auckland');
    const queries = [{}, { from: isoDay('America/New_York', 6), to: isoDay('America/New_York', 4) }];
    for (const query of queries) expectSameAnalytics(await both(org.id, query));

    // A call finalized before the job runs counts in both zones' rows.
    const open = openCalls.find((call) => call.org === org)!;
    await createCallRecorder(db.worker, { organizationId: org.id, callId: open.id }).finalize({
      endReason: 'caller_hung_up',
      durationSeconds: 42,
      usage: null,
    });
    for (const query of queries) expectSameAnalytics(await both(org.id, query));

    await rebuildRollups(db.worker, { organizationId: org.id });
    expect(await completeZone(org)).toBe('America/New_York');
    const rebuilt = await storedRows(org);
    expect(new Set(rebuilt.map((row) => row.timeZone))).toEqual(new Set(['America/New_York']));
    expect(rebuilt.reduce((sum, row) => sum + row.calls, 0)).toBe(await finalizedCalls(org));
    for (const query of queries) expectSameAnalytics(await both(org.id, query));

    // Retried (twice): the same rows; and the same as building them in one statement.
    await rebuildRollups(db.worker, { organizationId: org.id });
    await rebuildRollups(db.worker, { organizationId: org.id });
    expect(await storedRows(org)).toEqual(rebuilt);
    await sql`select analytics.rebuild_rollups(${org.id})`.execute(db.owner);
    expect(await storedRows(org)).toEqual(rebuilt);
  });

  it('end right after two quick changes, and after a change and its undo', async () => {
    const org = orgs[1]!;
    await changeZone(org, 'Europe/Berlin');
    await changeZone(org, 'Asia/Kolkata');
    // One rebuild waiting, not two.
    expect(await queuedRebuilds(org)).toBe(1);
    expectSameAnalytics(await both(org.id, {}));
    await rebuildRollups(db.worker, { organizationId: org.id });
    expect(await completeZone(org)).toBe('Asia/Kolkata');
    expect(new Set((await storedRows(org)).map((row) => row.timeZone))).toEqual(new Set(['Asia/Kolkata']));
    expectSameAnalytics(await both(org.id, {}));

    // There and back before the job runs: a call finalized meanwhile leaves rows in the zone of the moment,
    // which the job drops; the rows of the zone it came back to were kept right all along.
    await changeZone(org, 'Europe/Berlin');
    const open = openCalls.find((call) => call.org === org)!;
    await createCallRecorder(db.worker, { organizationId: org.id, callId: open.id }).finalize({
      endReason: 'caller_hung_up',
      durationSeconds: 42,
      usage: null,
    });
    await changeZone(org, 'Asia/Kolkata');
    expect(await completeZone(org)).toBe('Asia/Kolkata');
    expectSameAnalytics(await both(org.id, {}));
    await rebuildRollups(db.worker, { organizationId: org.id });
    const rows = await storedRows(org);
    expect(new Set(rows.map((row) => row.timeZone))).toEqual(new Set(['Asia/Kolkata']));
    expect(rows.reduce((sum, row) => sum + row.calls, 0)).toBe(await finalizedCalls(org));
    expectSameAnalytics(await both(org.id, {}));
  });

  it('build nothing for a zone changed again while its rebuild runs: the next job builds the current one', async () => {
    const org = orgs[2]!;
    await changeZone(org, 'Asia/Tokyo');
    const asWorker = <T>(fn: (tx: OrgScope['tx']) => Promise<T>) =>
      withTenant(db.worker, { orgId: org.id }, fn);
    const started = await asWorker(
      async (tx) =>
        (await sql<{ zone: string }>`select zone from analytics.rebuild_start(${org.id})`.execute(tx)).rows,
    );
    expect(started).toEqual([{ zone: 'Asia/Tokyo' }]);
    await changeZone(org, 'America/Sao_Paulo');
    const step = (statement: ReturnType<typeof sql<{ done: boolean }>>) =>
      asWorker(async (tx) => (await statement.execute(tx)).rows[0]?.done);
    expect(
      await step(
        sql`select analytics.rebuild_window(${org.id}, 'Asia/Tokyo', current_date - 30, current_date) as done`,
      ),
    ).toBe(false);
    expect(await step(sql`select analytics.rebuild_finish(${org.id}, 'Asia/Tokyo') as done`)).toBe(false);
    expect(await completeZone(org)).toBe('UTC');
    expectSameAnalytics(await both(org.id, {}));

    await rebuildRollups(db.worker, { organizationId: org.id });
    expect(await completeZone(org)).toBe('America/Sao_Paulo');
    expectSameAnalytics(await both(org.id, {}));
  });

  it('are rebuilt by the worker role only, and only for its own organization', async () => {
    const [org, other] = [orgs[0]!, orgs[1]!];
    const denied = { code: '42501' };
    await expect(
      withTenant(db.app, { orgId: org.id }, (tx) =>
        sql`select analytics.rebuild_start(${org.id})`.execute(tx),
      ),
    ).rejects.toMatchObject(denied);
    await expect(
      withTenant(db.app, { orgId: org.id }, (tx) =>
        sql`select analytics.rebuild_rollups(${org.id})`.execute(tx),
      ),
    ).rejects.toMatchObject(denied);
    await expect(
      withTenant(db.app, { orgId: org.id }, (tx) =>
        tx.updateTable('callDailyRollupZones').set({ timeZone: 'UTC' }).execute(),
      ),
    ).rejects.toMatchObject(denied);
    await expect(
      withSystem(db.system, 'test: rebuild', (tx) =>
        sql`select analytics.rebuild_start(${org.id})`.execute(tx),
      ),
    ).rejects.toMatchObject(denied);
    // The worker in one organization's transaction sees nothing of another's.
    await changeZone(other, 'Europe/Lisbon');
    const result = await withTenant(db.worker, { orgId: org.id }, async (tx) => ({
      started: (await sql`select * from analytics.rebuild_start(${other.id})`.execute(tx)).rows,
      finished: (
        await sql<{
          done: boolean;
        }>`select analytics.rebuild_finish(${other.id}, 'Europe/Lisbon') as done`.execute(tx)
      ).rows[0]?.done,
    }));
    expect(result).toEqual({ started: [], finished: false });
    expect(await completeZone(other)).toBe('Asia/Kolkata');
  });
});

async function changeZone(org: Org, timeZone: string) {
  await withTenant(db.app, { orgId: org.id }, (tx, _, end) =>
    updateOrganization(scopeOf(org.id, tx, end), { timeZone }),
  );
}

/** The organization's rebuild jobs waiting to run (the time zone trigger queues them, migration 034). */
async function queuedRebuilds(org: Org): Promise<number> {
  const { rows } = await sql<{ jobs: number }>`
    select count(*)::int as jobs from graphile_worker._private_jobs j
      join graphile_worker._private_tasks t on t.id = j.task_id
     where t.identifier = ${REBUILD_ROLLUPS_TASK} and j.payload ->> 'organizationId' = ${org.id}
       and j.locked_at is null`.execute(db.owner);
  return rows[0]!.jobs;
}

async function completeZone(org: Org): Promise<string | undefined> {
  const row = await db.owner
    .selectFrom('callDailyRollupZones')
    .select('timeZone')
    .where('organizationId', '=', org.id)
    .executeTakeFirst();
  return row?.timeZone;
}

/** The organization's rollup rows, without the time of their last refresh. */
async function storedRows(org: Org) {
  const rows = await db.owner
    .selectFrom('callDailyRollups')
    .selectAll()
    .where('organizationId', '=', org.id)
    .orderBy('timeZone')
    .orderBy('agentId')
    .orderBy('day')
    .execute();
  return rows.map(({ refreshedAt: _, ...row }) => row);
}

async function finalizedCalls(org: Org): Promise<number> {
  const row = await db.owner
    .selectFrom('calls')
    .select((eb) => eb.fn.countAll<string>().as('calls'))
    .where('organizationId', '=', org.id)
    .where('finalizedAt', 'is not', null)
    .executeTakeFirstOrThrow();
  return Number(row.calls);
}
