import { randomUUID } from 'node:crypto';
import { csvCell } from '@switchboard/core/analytics/csv';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addMember,
  createOrganization,
  createTestApp,
  request,
  signUp,
  startJobs,
  type TestApp,
  type TestUser,
} from './harness.ts';

// The Analytics page, the CSV export and an agent's latency: what is counted, for whom, and how filtered.
let t: TestApp;
let admin: TestUser;
let orgA: string;
let orgB: string;
let deskA: string;
let salesA: string;
let deskB: string;
let deskCallA: string;

interface SeedCall {
  orgId: string;
  agentId: string;
  createdAt: string;
  endReason?: string;
  durationSeconds?: number;
  costMillicredits?: number;
  caller?: string;
  tools?: { name: string; isError: boolean; ms: number }[];
  turns?: { eou: number | null; ttft: number | null; ttfa: number | null; toolMs?: number }[];
}

async function seedCall(call: SeedCall): Promise<string> {
  const db = t.database.owner;
  const createdAt = new Date(call.createdAt);
  const { id } = await db
    .insertInto('calls')
    .values({
      organizationId: call.orgId,
      agentId: call.agentId,
      agentVersion: 1,
      channel: 'web',
      roomName: `room-${randomUUID()}`,
      status: call.endReason ? 'ended' : 'active',
      endReason: call.endReason ?? null,
      durationSeconds: call.durationSeconds ?? null,
      costMillicredits: call.costMillicredits === undefined ? null : String(call.costMillicredits),
      caller: call.caller ?? null,
      createdAt,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  for (const [index, tool] of (call.tools ?? []).entries()) {
    await db
      .insertInto('callToolCalls')
      .values({
        organizationId: call.orgId,
        callId: id,
        toolCallId: `tc_${index}`,
        functionName: tool.name,
        arguments: '{}',
        isError: tool.isError,
        startedAt: createdAt,
        finishedAt: new Date(createdAt.getTime() + tool.ms),
      })
      .execute();
  }
  for (const [index, turn] of (call.turns ?? []).entries()) {
    await db
      .insertInto('callTurns')
      .values({
        organizationId: call.orgId,
        callId: id,
        turnIndex: index + 1,
        speechId: `speech_${index}`,
        endOfUtteranceMs: turn.eou,
        firstTokenMs: turn.ttft,
        firstAudioMs: turn.ttfa,
        toolMs: turn.toolMs ?? 0,
        toolCalls: turn.toolMs ? 1 : 0,
        createdAt,
      })
      .execute();
  }
  return id;
}

async function newAgent(orgId: string, name: string): Promise<string> {
  const response = await request(t, admin, {
    method: 'POST',
    url: `/api/v1/orgs/${orgId}/agents`,
    payload: { name },
  });
  return response.json().id;
}

/**
 * A percentile of the page: from histograms (migration 031), within 5% and half a millisecond of the exact
 * one (the exact equality with the calls is daily-rollups.integration.test.ts's).
 */
const near = (exact: number) => ({
  asymmetricMatch: (actual: unknown) =>
    typeof actual === 'number' && Math.abs(actual - exact) <= exact * 0.05 + 1,
  toString: () => `near(${exact})`,
});

const analytics = (orgId: string, query: string, user = admin) =>
  request(t, user, { method: 'GET', url: `/api/v1/orgs/${orgId}/analytics?${query}` });

beforeAll(async () => {
  t = await createTestApp();
  await signUp(t); // the first account becomes platform admin
  admin = await signUp(t);
  orgA = await createOrganization(t, admin, 'Analytics A');
  orgB = await createOrganization(t, admin, 'Analytics B');
  for (const orgId of [orgA, orgB]) {
    await t.database.owner
      .updateTable('organizations')
      .set({ timeZone: 'UTC' })
      .where('id', '=', orgId)
      .execute();
  }
  deskA = await newAgent(orgA, '=HYPERLINK("http://evil.test","Desk")');
  salesA = await newAgent(orgA, 'Sales');
  deskB = await newAgent(orgB, 'Desk B');

  // Organization A: three desk calls on Monday 2 November at 10:xx UTC, one sales call the day after, one
  // sales call still open.
  deskCallA = await seedCall({
    orgId: orgA,
    agentId: deskA,
    createdAt: '2026-11-02T10:05:00Z',
    endReason: 'caller_hung_up',
    durationSeconds: 60,
    costMillicredits: 1500,
    caller: '+4930123456',
    tools: [
      { name: 'lookup_order', isError: false, ms: 100 },
      { name: 'lookup_order', isError: true, ms: 300 },
    ],
    turns: [
      { eou: 100, ttft: 400, ttfa: 700, toolMs: 400 },
      { eou: 200, ttft: 500, ttfa: 800 },
    ],
  });
  await seedCall({
    orgId: orgA,
    agentId: deskA,
    createdAt: '2026-11-02T10:20:00Z',
    endReason: 'caller_hung_up',
    durationSeconds: 120,
    costMillicredits: 3000,
    turns: [{ eou: 300, ttft: 600, ttfa: 900 }],
  });
  await seedCall({
    orgId: orgA,
    agentId: deskA,
    createdAt: '2026-11-02T10:40:00Z',
    endReason: 'credits_exhausted',
    durationSeconds: 30,
    costMillicredits: 500,
  });
  await seedCall({
    orgId: orgA,
    agentId: salesA,
    createdAt: '2026-11-03T15:00:00Z',
    endReason: 'transferred',
    durationSeconds: 90,
    costMillicredits: 2000,
    tools: [{ name: 'transfer_call', isError: false, ms: 50 }],
  });
  await seedCall({ orgId: orgA, agentId: salesA, createdAt: '2026-11-03T16:00:00Z' });

  // Organization B, same days, much slower and busier: none of it may show in A's figures.
  for (let i = 0; i < 4; i += 1) {
    await seedCall({
      orgId: orgB,
      agentId: deskB,
      createdAt: '2026-11-02T10:30:00Z',
      endReason: 'model_error',
      durationSeconds: 600,
      costMillicredits: 99_000,
      tools: [{ name: 'lookup_order', isError: true, ms: 9000 }],
      turns: [{ eou: 9000, ttft: 9000, ttfa: 9000, toolMs: 9000 }],
    });
  }
});
afterAll(() => t.close());

describe('organization analytics', () => {
  it("counts only the organization's own calls, tool calls and turns", async () => {
    const response = await analytics(orgA, 'from=2026-11-01&to=2026-11-30');
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body).toMatchObject({ from: '2026-11-01', to: '2026-11-30', timeZone: 'UTC' });
    expect(body.totals).toEqual({ calls: 5, minutes: 5, costCredits: 7, averageDurationSeconds: 75 });
    // Every day of the range is there, empty ones too.
    expect(body.byDay).toHaveLength(30);
    expect(body.byDay.slice(0, 4)).toEqual([
      { date: '2026-11-01', calls: 0, minutes: 0, costCredits: 0 },
      { date: '2026-11-02', calls: 3, minutes: 3.5, costCredits: 5 },
      { date: '2026-11-03', calls: 2, minutes: 1.5, costCredits: 2 },
      { date: '2026-11-04', calls: 0, minutes: 0, costCredits: 0 },
    ]);
    expect(body.endReasons).toEqual([
      { reason: 'caller_hung_up', calls: 2 },
      { reason: 'credits_exhausted', calls: 1 },
      { reason: 'in_progress', calls: 1 },
      { reason: 'transferred', calls: 1 },
    ]);
    expect(body.toolCalls).toEqual([
      { functionName: 'lookup_order', calls: 2, errors: 1, p50Ms: near(200), p90Ms: near(280) },
      { functionName: 'transfer_call', calls: 1, errors: 0, p50Ms: near(50), p90Ms: near(50) },
    ]);
    expect(body.latency).toMatchObject({
      turns: 3,
      endOfUtteranceMs: { p50: near(200), p90: near(280) },
      firstTokenMs: { p50: near(500), p90: near(580) },
      firstAudioMs: { p50: near(800), p90: near(880) },
      toolMs: { p50: near(400), p90: near(400) },
    });
    // Monday (1) at 10:00 three calls; Tuesday (2) at 15:00 and 16:00 one each.
    expect(body.busiestHours).toEqual(
      expect.arrayContaining([
        { weekday: 1, hour: 10, calls: 3 },
        { weekday: 2, hour: 15, calls: 1 },
        { weekday: 2, hour: 16, calls: 1 },
      ]),
    );
    expect(body.busiestHours).toHaveLength(3);

    // And B sees only B.
    const other = (await analytics(orgB, 'from=2026-11-01&to=2026-11-30')).json();
    expect(other.totals.calls).toBe(4);
    expect(other.toolCalls).toEqual([
      { functionName: 'lookup_order', calls: 4, errors: 4, p50Ms: near(9000), p90Ms: near(9000) },
    ]);
  });

  it('filters by agent and by days (both ends included)', async () => {
    const sales = (await analytics(orgA, `from=2026-11-01&to=2026-11-30&agentId=${salesA}`)).json();
    expect(sales.totals.calls).toBe(2);
    expect(sales.toolCalls).toEqual([expect.objectContaining({ functionName: 'transfer_call' })]);
    expect(sales.latency.turns).toBe(0);
    expect(sales.latency.firstTokenMs).toEqual({ p50: null, p90: null, p99: null });

    const monday = (await analytics(orgA, 'from=2026-11-02&to=2026-11-02')).json();
    expect(monday.totals.calls).toBe(3);
    expect(monday.endReasons).toEqual([
      { reason: 'caller_hung_up', calls: 2 },
      { reason: 'credits_exhausted', calls: 1 },
    ]);

    // Another organization's agent simply matches nothing.
    expect(
      (await analytics(orgA, `from=2026-11-01&to=2026-11-30&agentId=${deskB}`)).json().totals.calls,
    ).toBe(0);
  });

  it('names the field when the range is reversed, too long or malformed', async () => {
    const reversed = await analytics(orgA, 'from=2026-11-10&to=2026-11-01');
    expect(reversed.statusCode).toBe(400);
    expect(reversed.json().error.details).toEqual([
      expect.objectContaining({ path: 'querystring.to', message: 'To must not be before From' }),
    ]);
    const tooLong = await analytics(orgA, 'from=2024-01-01&to=2026-11-01');
    expect(tooLong.statusCode).toBe(400);
    expect(tooLong.json().error.details).toEqual([expect.objectContaining({ path: 'querystring.to' })]);
    // Only From given, far back: To becomes today, and the range is still checked.
    const openEnded = await analytics(orgA, 'from=2020-01-01');
    expect(openEnded.statusCode).toBe(400);
    expect(openEnded.json().error.details).toEqual([expect.objectContaining({ path: 'querystring.to' })]);
    const malformed = await analytics(orgA, 'from=yesterday');
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json().error.details).toEqual([expect.objectContaining({ path: 'querystring.from' })]);
  });

  it('is readable by a member (calls:read; the role matrix checks the roles without it)', async () => {
    const member = await addMember(t, orgA, 'member');
    expect((await analytics(orgA, '', member)).statusCode).toBe(200);
  });
});

describe('CSV export', () => {
  it('exports the filtered calls with a file name, escaping formula-like cells', async () => {
    const response = await request(t, admin, {
      method: 'GET',
      url: `/api/v1/orgs/${orgA}/analytics/calls.csv?from=2026-11-02&to=2026-11-02&agentId=${deskA}`,
    });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(response.headers['content-disposition']).toBe(
      'attachment; filename="calls-2026-11-02-to-2026-11-02.csv"',
    );
    const lines = response.body.trimEnd().split('\r\n');
    expect(lines[0]).toBe(
      'call_id,created_at,agent,channel,direction,status,end_reason,duration_seconds,cost_credits,from_number,to_number,caller',
    );
    expect(lines).toHaveLength(4);
    expect(lines[1]).toBe(
      `${deskCallA},2026-11-02T10:05:00.000Z,"'=HYPERLINK(""http://evil.test"",""Desk"")",web,,ended,caller_hung_up,60,1.5,,,'+4930123456`,
    );
    expect(response.body).not.toContain('Desk B');
  });

  it('escapes every cell a spreadsheet would run', () => {
    expect(['=1+1', '+1', '-1', '@SUM(A1)', '\t=1', '\r=1'].map(csvCell)).toEqual([
      "'=1+1",
      "'+1",
      "'-1",
      "'@SUM(A1)",
      "'\t=1",
      `"'\r=1"`,
    ]);
    // Numbers are numbers (a negative figure stays one), plain text stays plain.
    expect([-2.5, 0, 'Front desk', 'a,b', null].map(csvCell)).toEqual([
      '-2.5',
      '0',
      'Front desk',
      '"a,b"',
      '',
    ]);
  });
});

describe('agent latency and the call timeline', () => {
  it("gives an agent's percentiles over its last calls and a call's turns", async () => {
    const response = await request(t, admin, {
      method: 'GET',
      url: `/api/v1/orgs/${orgA}/agents/${deskA}/latency?lastCalls=50`,
    });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ calls: 3, latency: { turns: 3, firstTokenMs: { p50: 500 } } });
    // Another organization's agent is not found.
    const other = await request(t, admin, {
      method: 'GET',
      url: `/api/v1/orgs/${orgA}/agents/${deskB}/latency`,
    });
    expect(other.statusCode).toBe(404);

    const detail = (
      await request(t, admin, { method: 'GET', url: `/api/v1/orgs/${orgA}/calls/${deskCallA}` })
    ).json();
    expect(detail.turns).toEqual([
      expect.objectContaining({
        turnIndex: 1,
        endOfUtteranceMs: 100,
        firstTokenMs: 400,
        firstAudioMs: 700,
        toolMs: 400,
      }),
      expect.objectContaining({
        turnIndex: 2,
        endOfUtteranceMs: 200,
        firstTokenMs: 500,
        firstAudioMs: 800,
        toolMs: 0,
      }),
    ]);
  });
});

describe('a change of time zone', () => {
  it('answers at once with the new days, and the job runner rebuilds the rollups for them', async () => {
    const orgC = await createOrganization(t, admin, 'Analytics C');
    const desk = await newAgent(orgC, 'Desk C');
    // Finalized (so in the rollups): 23:30 UTC on 2 November is 3 November in Berlin.
    const finalized = await seedCall({
      orgId: orgC,
      agentId: desk,
      createdAt: '2026-11-02T23:30:00Z',
      endReason: 'caller_hung_up',
      durationSeconds: 60,
    });
    await t.database.owner
      .updateTable('calls')
      .set({ finalizedAt: new Date('2026-11-02T23:31:00Z') })
      .where('id', '=', finalized)
      .execute();
    const days = async () =>
      (await analytics(orgC, 'from=2026-11-02&to=2026-11-03'))
        .json()
        .byDay.map((day: { date: string; calls: number }) => [day.date, day.calls]);
    expect(await days()).toEqual([
      ['2026-11-02', 1],
      ['2026-11-03', 0],
    ]);

    const changed = await request(t, admin, {
      method: 'PATCH',
      url: `/api/v1/orgs/${orgC}`,
      payload: { timeZone: 'Europe/Berlin' },
    });
    expect(changed.statusCode).toBe(200);
    // No job has run yet: the page aggregates the calls in the new zone meanwhile.
    expect(await days()).toEqual([
      ['2026-11-02', 0],
      ['2026-11-03', 1],
    ]);

    const completeZone = async () =>
      (
        await t.database.owner
          .selectFrom('callDailyRollupZones')
          .select('timeZone')
          .where('organizationId', '=', orgC)
          .executeTakeFirstOrThrow()
      ).timeZone;
    expect(await completeZone()).toBe('UTC');
    const jobs = await startJobs(t);
    try {
      const deadline = Date.now() + 30_000;
      while ((await completeZone()) !== 'Europe/Berlin' && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    } finally {
      await jobs.stop();
    }
    expect(await completeZone()).toBe('Europe/Berlin');
    const { rows } = await sql<{ day: string; timeZone: string; calls: number }>`
      select to_char(day, 'YYYY-MM-DD') as day, time_zone as "timeZone", calls from call_daily_rollups
       where organization_id = ${orgC}`.execute(t.database.owner);
    expect(rows).toEqual([{ day: '2026-11-03', timeZone: 'Europe/Berlin', calls: 1 }]);
    expect(await days()).toEqual([
      ['2026-11-02', 0],
      ['2026-11-03', 1],
    ]);
  });
});
