// The organization analytics at 1,000,000 calls: seeds an embedded PostgreSQL with generate_series (calls
// over the last year in two organizations, the big one with ten agents; a tool call for every other call;
// two measured turns per call; the rollup triggers off while seeding), builds the daily rollups as the
// backfill of migration 031 does (timed), then times each query the Analytics page, the CSV export and an
// agent's latency card make, through the real use cases as the API's role under RLS. Baselines in the same
// run: a bare count(*) of the organization's calls, and the same analytics aggregated from the calls
// themselves (getAnalyticsFromCalls, what the page did before the rollups). Also the cost the rollups add
// to a write: a late correction of a finalized call (its day recomputed by the trigger) as the worker.
// Prints the median of a few runs each and the load average; figures of runs go to docs/performance.md
// "Analytics at 1,000,000 calls". Not a test: nothing is asserted.
// Run: node --import tsx bench/analytics.ts   (optional: BENCH_CALLS, BENCH_RUNS)
import { randomUUID } from 'node:crypto';
import { loadavg } from 'node:os';
import type { AnalyticsQuery } from '@switchboard/contracts/analytics';
import type { OrgScope } from '@switchboard/core/access/actor';
import { exportCallsCsv } from '@switchboard/core/analytics/export-calls-csv';
import { getAgentLatency } from '@switchboard/core/analytics/get-agent-latency';
import { getAnalytics } from '@switchboard/core/analytics/get-analytics';
import { getAnalyticsFromCalls } from '@switchboard/core/testing/analytics-from-calls';
import { createDatabase, type Database } from '@switchboard/db/database';
import { type Tx, withTenant } from '@switchboard/db/tenant';
import { cloneTemplateDatabase, startTestCluster } from '@switchboard/db/test-cluster';
import { sql } from 'kysely';

const CALLS = Number(process.env.BENCH_CALLS ?? 1_000_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
/** Nine calls in ten belong to the organization measured; the rest to another one, which RLS hides. */
const SHARE_OF_A = 0.9;
const AGENTS = 10;

const say = (line: string) => console.log(`[analytics] ${line}`);

async function seed(owner: Database): Promise<{ orgA: string; agents: string[] }> {
  const orgA = randomUUID();
  const orgB = randomUUID();
  for (const [id, name] of [
    [orgA, 'Measured'],
    [orgB, 'Neighbour'],
  ] as const) {
    await owner
      .insertInto('organizations')
      .values({ id, name, slug: `bench-${id}`, timeZone: 'UTC' })
      .execute();
  }
  const agents: string[] = [];
  for (let index = 0; index < AGENTS; index += 1) {
    const agent = await owner
      .insertInto('agents')
      .values({ organizationId: orgA, name: `Agent ${index}`, currentVersion: 1 })
      .returning('id')
      .executeTakeFirstOrThrow();
    agents.push(agent.id);
  }
  const neighbour = await owner
    .insertInto('agents')
    .values({ organizationId: orgB, name: 'Neighbour agent', currentVersion: 1 })
    .returning('id')
    .executeTakeFirstOrThrow();

  const started = performance.now();
  // One connection with the triggers off (the owner is the cluster's superuser): the rollups are built once
  // afterwards, as migration 031's backfill builds them, instead of after each bulk insert.
  await owner.connection().execute(async (seeding) => {
    await sql`set session_replication_role = replica`.execute(seeding);
    // Calls spread evenly over the last 365 days; a mix of end reasons, durations and costs.
    await sql`
    insert into calls (organization_id, agent_id, agent_version, channel, direction, status, room_name, end_reason,
                       duration_seconds, cost_millicredits, started_at, ended_at, finalized_at, created_at)
    select case when i <= ${Math.round(CALLS * SHARE_OF_A)} then ${orgA}::uuid else ${orgB}::uuid end,
           case when i <= ${Math.round(CALLS * SHARE_OF_A)} then (${sql.val(agents)}::uuid[])[1 + i % ${AGENTS}]
                else ${neighbour.id}::uuid end,
           1, (array['web', 'phone', 'chat'])[1 + i % 3], case when i % 3 = 1 then 'inbound' end, 'ended', 'bench-' || i,
           (array['caller_hung_up', 'caller_hung_up', 'caller_hung_up', 'agent_ended', 'transferred',
                  'model_error', 'credits_exhausted', 'silence_timeout'])[1 + i % 8],
           30 + i % 600, (30 + i % 600) * 167, t, t + make_interval(secs => 30 + i % 600),
           t + make_interval(secs => 30 + i % 600), t
      from generate_series(1, ${CALLS}) as i,
           lateral (select now() - make_interval(secs => (i::float8 / ${CALLS}) * 365 * 86400) as t) as at`.execute(
      seeding,
    );
    await sql`
    insert into call_tool_calls (organization_id, call_id, tool_call_id, function_name, arguments, is_error,
                                 started_at, finished_at)
    select c.organization_id, c.id, 'tc_1',
           (array['lookup_order', 'book_appointment', 'check_availability', 'transfer_call'])[1 + (abs(hashtext(c.room_name)) % 4)],
           '{}', abs(hashtext(c.room_name)) % 20 = 0, c.created_at + interval '5 seconds',
           c.created_at + interval '5 seconds' + make_interval(secs => (abs(hashtext(c.room_name)) % 2000) / 1000.0)
      from calls c
     where abs(hashtext(c.room_name)) % 2 = 0`.execute(seeding);
    await sql`
    insert into call_turns (organization_id, call_id, turn_index, speech_id, end_of_utterance_ms, transcription_ms,
                            first_token_ms, first_audio_ms, tool_ms, tool_calls, created_at)
    select c.organization_id, c.id, n, 'speech_' || n, 200 + (h + n * 37) % 600, 100 + (h + n) % 200,
           250 + (h + n * 11) % 900, 150 + (h + n * 7) % 400,
           case when n = 2 and h % 2 = 0 then (h % 2000) else 0 end, case when n = 2 and h % 2 = 0 then 1 else 0 end,
           c.created_at + make_interval(secs => n * 10)
      from calls c, lateral (select abs(hashtext(c.room_name)) as h) as hashed, generate_series(1, 2) as n`.execute(
      seeding,
    );
    await sql`set session_replication_role = origin`.execute(seeding);
  });
  say(
    `seeded ${CALLS} calls, their tool calls and turns in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
  await sql`vacuum analyze calls`.execute(owner);
  await sql`vacuum analyze call_tool_calls`.execute(owner);
  await sql`vacuum analyze call_turns`.execute(owner);
  const backfill = performance.now();
  await sql`select analytics.rebuild_rollups(o.id) from organizations o`.execute(owner);
  await sql`vacuum analyze call_daily_rollups`.execute(owner);
  const rollups = await sql<{ rows: string }>`select count(*) as rows from call_daily_rollups`.execute(owner);
  say(
    `built ${rollups.rows[0]?.rows} daily rollup rows from every finalized call (migration 031's backfill) in ${((performance.now() - backfill) / 1000).toFixed(1)} s`,
  );
  const counts = await sql<{ calls: string; tools: string; turns: string }>`
    select (select count(*) from calls) as calls, (select count(*) from call_tool_calls) as tools,
           (select count(*) from call_turns) as turns`.execute(owner);
  const row = counts.rows[0];
  say(`rows: ${row?.calls} calls, ${row?.tools} tool calls, ${row?.turns} turns (vacuumed and analyzed)`);
  return { orgA, agents };
}

/**
 * The median time of `RUNS` runs after one warm-up, in milliseconds; Infinity when the query ran past the
 * API's statement timeout (the pool's default, as in production).
 */
async function time(run: () => Promise<unknown>): Promise<number> {
  try {
    await run();
  } catch (error) {
    if ((error as { code?: string }).code === '57014') return Number.POSITIVE_INFINITY;
    throw error;
  }
  const times: number[] = [];
  for (let index = 0; index < RUNS; index += 1) {
    const started = performance.now();
    await run();
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)] ?? 0;
}

const isoDay = (daysAgo: number) => new Date(Date.now() - daysAgo * 86_400_000).toISOString().slice(0, 10);

async function main() {
  say(`starting an embedded PostgreSQL; ${CALLS} calls, median of ${RUNS} runs per query`);
  const cluster = await startTestCluster();
  const urls = await cloneTemplateDatabase(cluster.serverUrl, 'bench');
  // Seeding and vacuuming a million rows takes longer than a request may.
  const owner = createDatabase({
    url: urls.owner,
    maxConnections: 2,
    timeouts: { statementMs: 1_800_000, idleInTransactionMs: 1_800_000 },
  });
  const app = createDatabase({ url: urls.app, maxConnections: 2 });
  const worker = createDatabase({ url: urls.worker, maxConnections: 2 });
  // The aggregation from the calls runs past the API's statement timeout over a year: let it finish.
  const patientApp = createDatabase({ url: urls.app, maxConnections: 1, timeouts: { statementMs: 600_000 } });
  try {
    const { orgA, agents } = await seed(owner);
    const inOrg = <T>(fn: (scope: OrgScope) => Promise<T>, db = app) =>
      withTenant(db, { orgId: orgA }, (tx: Tx, _, { commitWith }) =>
        fn({
          tx,
          commitWith,
          actor: {
            userId: randomUUID(),
            name: 'Bench',
            email: 'bench@example.test',
            emailVerified: true,
            isPlatformAdmin: false,
          },
          membership: { organizationId: orgA, role: 'org_admin', permissions: ['calls:read'] },
        }),
      );
    const lastYear: AnalyticsQuery = { from: isoDay(364), to: isoDay(0) };
    const last30: AnalyticsQuery = {};
    const agent30: AnalyticsQuery = { agentId: agents[0] };
    const agentYear: AnalyticsQuery = { agentId: agents[0], from: isoDay(364), to: isoDay(0) };
    const agentWeek: AnalyticsQuery = { agentId: agents[0], from: isoDay(6), to: isoDay(0) };
    const analytics: [string, AnalyticsQuery][] = [
      ['analytics, last 30 days, all agents', last30],
      ['analytics, last 30 days, one agent', agent30],
      ['analytics, whole year, all agents', lastYear],
      ['analytics, whole year, one agent', agentYear],
    ];
    const baseline = await time(() =>
      inOrg(({ tx }) => sql`select count(*) from calls where organization_id = ${orgA}`.execute(tx)),
    );
    say(
      `baseline: count(*) of the organization's ${Math.round(CALLS * SHARE_OF_A)} calls: ${baseline.toFixed(1)} ms`,
    );
    say('query | daily rollups (getAnalytics) | aggregated from the calls (getAnalyticsFromCalls)');
    for (const [name, query] of analytics) {
      const rollups = await time(() => inOrg((scope) => getAnalytics(scope, query)));
      const calls = await time(() => inOrg((scope) => getAnalyticsFromCalls(scope, query), patientApp));
      say(`${name} | ${rollups.toFixed(1)} ms | ${calls.toFixed(1)} ms`);
    }
    say(
      `CSV export, one agent, last 7 days: ${(await time(() => inOrg((scope) => exportCallsCsv(scope, agentWeek)))).toFixed(1)} ms`,
    );
    const latency = await time(() => inOrg((scope) => getAgentLatency(scope, agents[0]!, { lastCalls: 50 })));
    say(`agent latency, last 50 calls: ${latency.toFixed(1)} ms`);

    // What the rollups cost a write: a late correction of yesterday's last call of one agent (the trigger
    // recomputes that agent's day: about 250 calls at a million), as the worker in its transaction.
    const { rows: recent } = await sql<{ id: string }>`
      select id from calls where organization_id = ${orgA} and agent_id = ${agents[0]}
         and created_at < now() - interval '1 day' order by created_at desc limit 1`.execute(owner);
    const callId = recent[0]!.id;
    let cost = 1_000_000;
    const correction = await time(() =>
      withTenant(worker, { orgId: orgA }, (tx) => {
        cost += 1;
        return tx
          .updateTable('calls')
          .set({ costMillicredits: String(cost) })
          .where('id', '=', callId)
          .execute();
      }),
    );
    await sql`alter table calls disable trigger calls_rollups_update`.execute(owner);
    const bare = await time(() =>
      withTenant(worker, { orgId: orgA }, (tx) => {
        cost += 1;
        return tx
          .updateTable('calls')
          .set({ costMillicredits: String(cost) })
          .where('id', '=', callId)
          .execute();
      }),
    );
    await sql`alter table calls enable trigger calls_rollups_update`.execute(owner);
    say(
      `a finalized call's update as the worker: ${correction.toFixed(1)} ms with its day's rollup refreshed, ${bare.toFixed(1)} ms without the trigger`,
    );
    say(
      `load average at the end: ${loadavg()
        .map((load) => load.toFixed(2))
        .join(' ')}`,
    );
  } finally {
    await Promise.all([owner.destroy(), app.destroy(), worker.destroy(), patientApp.destroy()]);
    await cluster.stop();
  }
}

await main();
