import { appendLedgerEntry } from '@switchboard/core/billing/append-ledger-entry';
import { withTenant } from '@switchboard/db/tenant';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addMember,
  createOrganization,
  createTestApp,
  request,
  signUp,
  TEST_LIVEKIT,
  type TestApp,
  type TestUser,
} from './harness.ts';

// The Billing page's usage chart and agent table: usage debits summed per local day and per agent.
let t: TestApp;
let admin: TestUser;

beforeAll(async () => {
  t = await createTestApp({ livekit: TEST_LIVEKIT });
  await signUp(t); // the first account becomes platform admin
  admin = await signUp(t);
});
afterAll(() => t.close());

async function newAgent(orgId: string, name: string): Promise<string> {
  const response = await request(t, admin, {
    method: 'POST',
    url: `/api/v1/orgs/${orgId}/agents`,
    payload: { name },
  });
  return response.json().id;
}

async function startCall(orgId: string, agentId: string): Promise<string> {
  const response = await request(t, admin, {
    method: 'POST',
    url: `/api/v1/orgs/${orgId}/agents/${agentId}/calls/web`,
  });
  expect(response.statusCode).toBe(201);
  return response.json().callId;
}

const debit = (orgId: string, callId: string | null, millicredits: number, key: string) =>
  withTenant(t.database.worker, { orgId }, (tx) =>
    appendLedgerEntry(tx, {
      organizationId: orgId,
      kind: 'usage',
      amountMillicredits: -millicredits,
      idempotencyKey: `${key}:${orgId}`,
      callId,
    }),
  );

/** A usage entry written in the past (the ledger takes no updates, so it is inserted with its time). */
const debitAgo = (orgId: string, millicredits: number, ago: string) =>
  t.database.owner
    .insertInto('creditLedger')
    .values({
      organizationId: orgId,
      kind: 'usage',
      amountMillicredits: -millicredits,
      idempotencyKey: `past:${orgId}:${ago}`,
      createdAt: sql<Date>`now() - ${ago}::interval`,
    })
    .execute();

describe('billing usage', () => {
  it('sums usage per local day (every day of the period) and per agent', async () => {
    const orgId = await createOrganization(t, admin, 'Usage Co');
    await t.database.owner
      .updateTable('organizations')
      .set({ timeZone: 'UTC' })
      .where('id', '=', orgId)
      .execute();
    const desk = await newAgent(orgId, 'Front desk');
    const sales = await newAgent(orgId, 'Sales');
    const deskCall1 = await startCall(orgId, desk);
    const deskCall2 = await startCall(orgId, desk);
    const salesCall = await startCall(orgId, sales);
    await debit(orgId, deskCall1, 1_500, 'a');
    await debit(orgId, deskCall1, 500, 'b');
    await debit(orgId, deskCall2, 1_000, 'c');
    await debit(orgId, salesCall, 4_250, 'd');
    await debit(orgId, null, 10, 'no-call');
    await debitAgo(orgId, 3_000, '1 day');
    await debitAgo(orgId, 9_000, '40 days');

    const response = await request(t, admin, {
      method: 'GET',
      url: `/api/v1/orgs/${orgId}/billing/usage?days=30`,
    });
    expect(response.statusCode).toBe(200);
    const usage = response.json();
    expect(usage.timeZone).toBe('UTC');
    expect(usage.days).toHaveLength(30);
    expect(usage.days.at(-1).spentCredits).toBe(7.26);
    expect(usage.days.at(-2).spentCredits).toBe(3);
    expect(usage.days.slice(0, 28).every((day: { spentCredits: number }) => day.spentCredits === 0)).toBe(
      true,
    );
    // Consecutive dates, oldest first.
    const dates = usage.days.map((day: { date: string }) => Date.parse(day.date));
    expect(dates.slice(1).every((date: number, index: number) => date - dates[index] === 86_400_000)).toBe(
      true,
    );
    expect(usage.agents).toEqual([
      { agentId: sales, agentName: 'Sales', calls: 1, spentCredits: 4.25 },
      { agentId: desk, agentName: 'Front desk', calls: 2, spentCredits: 3 },
    ]);
    expect(usage.totalCredits).toBe(10.26);
  });

  it('is for billing readers only, and checks the period', async () => {
    const orgId = await createOrganization(t, admin, 'Usage Private Co');
    const member = await addMember(t, orgId, 'member');
    const url = `/api/v1/orgs/${orgId}/billing/usage`;
    expect((await request(t, member, { method: 'GET', url })).statusCode).toBe(403);
    expect((await request(t, admin, { method: 'GET', url: `${url}?days=0` })).statusCode).toBe(400);
    const week = (await request(t, admin, { method: 'GET', url: `${url}?days=7` })).json();
    expect(week.days).toHaveLength(7);
    expect(week.agents).toEqual([]);
  });
});
