import { randomUUID } from 'node:crypto';
import { appendLedgerEntry } from '@switchboard/core/billing/append-ledger-entry';
import { grantTrialCredits } from '@switchboard/core/billing/grant-trial-credits';
import { withTenant } from '@switchboard/db/tenant';
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

// Manual-mode billing through the API: trial credits, what each role sees, guardrails, a platform admin's
// grants and prices, and the refusals that keep a call from starting.
let t: TestApp;
let platformAdmin: TestUser;
let admin: TestUser;

beforeAll(async () => {
  t = await createTestApp({ livekit: TEST_LIVEKIT });
  platformAdmin = await signUp(t); // the first account becomes platform admin
  admin = await signUp(t);
});
afterAll(() => t.close());

const billingOf = (user: TestUser, orgId: string) =>
  request(t, user, { method: 'GET', url: `/api/v1/orgs/${orgId}/billing` });

async function newAgent(orgId: string): Promise<string> {
  const response = await request(t, admin, {
    method: 'POST',
    url: `/api/v1/orgs/${orgId}/agents`,
    payload: { name: 'Front desk' },
  });
  return response.json().id;
}

/** Ledger entries arranged the way metering writes them: through the one writer, as the tenant. */
const append = (orgId: string, entry: Omit<Parameters<typeof appendLedgerEntry>[1], 'organizationId'>) =>
  withTenant(t.database.worker, { orgId }, (tx) =>
    appendLedgerEntry(tx, { organizationId: orgId, ...entry }),
  );

describe('trial credits', () => {
  it('are granted once, with the organization, from configuration', async () => {
    const orgId = await createOrganization(t, admin, 'Trial Co');
    expect((await billingOf(admin, orgId)).json()).toMatchObject({ balanceCredits: 100, metering: true });
    await withTenant(t.database.app, { orgId }, (tx) => grantTrialCredits(tx, orgId, 100_000));
    const ledger = (
      await request(t, admin, { method: 'GET', url: `/api/v1/orgs/${orgId}/billing/ledger` })
    ).json();
    expect(ledger.entries).toMatchObject([{ kind: 'trial', amountCredits: 100 }]);
    expect(ledger.entries).toHaveLength(1);
    expect((await billingOf(admin, orgId)).json().balanceCredits).toBe(100);
  });

  it('are not granted when BILLING_TRIAL_CREDITS is 0', async () => {
    const none = await createTestApp({ trialCredits: 0 });
    try {
      const user = await signUp(none);
      const orgId = await createOrganization(none, user, 'No trial');
      const summary = await request(none, user, { method: 'GET', url: `/api/v1/orgs/${orgId}/billing` });
      expect(summary.json().balanceCredits).toBe(0);
    } finally {
      await none.close();
    }
  });
});

describe('the billing summary', () => {
  it('shows members the balance only, and billing readers the spending, mode and caps', async () => {
    const orgId = await createOrganization(t, admin, 'Summary Co');
    const member = await addMember(t, orgId, 'member');
    const billing = await addMember(t, orgId, 'billing');
    expect((await billingOf(member, orgId)).json()).toEqual({
      balanceCredits: 100,
      metering: true,
      details: null,
    });
    const ledger = await request(t, member, { method: 'GET', url: `/api/v1/orgs/${orgId}/billing/ledger` });
    expect(ledger.statusCode).toBe(403);
    expect((await billingOf(billing, orgId)).json()).toEqual({
      balanceCredits: 100,
      metering: true,
      details: {
        mode: 'manual',
        spentTodayCredits: 0,
        openCalls: 0,
        settings: {
          dailySpendCapCredits: null,
          callCostCapCredits: null,
          concurrentCallLimit: null,
          lowBalanceThresholdCredits: null,
          autoRecharge: null,
        },
      },
    });
  });

  it('counts today’s usage debits as spent, and settings change only what is sent', async () => {
    const orgId = await createOrganization(t, admin, 'Settings Co');
    const set = (payload: object) =>
      request(t, admin, { method: 'PATCH', url: `/api/v1/orgs/${orgId}/billing/settings`, payload });
    expect((await set({ dailySpendCapCredits: 50, concurrentCallLimit: 3 })).json()).toEqual({
      dailySpendCapCredits: 50,
      callCostCapCredits: null,
      concurrentCallLimit: 3,
      lowBalanceThresholdCredits: null,
      autoRecharge: null,
    });
    expect((await set({ dailySpendCapCredits: null, lowBalanceThresholdCredits: 12.5 })).json()).toEqual({
      dailySpendCapCredits: null,
      callCostCapCredits: null,
      concurrentCallLimit: 3,
      lowBalanceThresholdCredits: 12.5,
      autoRecharge: null,
    });
    expect((await set({ concurrentCallLimit: 0 })).statusCode).toBe(400);
    // Auto-recharge buys through Stripe: manual mode says so, on the field.
    const recharge = await set({ autoRecharge: { packId: randomUUID(), thresholdCredits: 10 } });
    expect(recharge.statusCode).toBe(400);
    expect(recharge.json().error.message).toContain('Stripe is not configured');
    expect(recharge.json().error.details).toEqual([
      { path: 'autoRecharge', message: 'Needs Stripe, which is not configured on this installation' },
    ]);
    await append(orgId, { kind: 'usage', amountMillicredits: -2_345, idempotencyKey: `usage:${orgId}:1` });
    const summary = (await billingOf(admin, orgId)).json();
    expect(summary).toMatchObject({ balanceCredits: 97.655, details: { spentTodayCredits: 2.345 } });
  });

  it('pages the ledger newest first', async () => {
    const orgId = await createOrganization(t, admin, 'Pages Co');
    for (const tick of [1, 2, 3]) {
      await append(orgId, {
        kind: 'usage',
        amountMillicredits: -tick,
        idempotencyKey: `usage:${orgId}:${tick}`,
      });
    }
    const url = `/api/v1/orgs/${orgId}/billing/ledger`;
    const first = (await request(t, admin, { method: 'GET', url: `${url}?limit=2` })).json();
    expect(first.entries.map((entry: { amountCredits: number }) => entry.amountCredits)).toEqual([
      -0.003, -0.002,
    ]);
    const second = (
      await request(t, admin, { method: 'GET', url: `${url}?limit=2&before=${first.nextCursor}` })
    ).json();
    expect(second.entries.map((entry: { amountCredits: number }) => entry.amountCredits)).toEqual([
      -0.001, 100,
    ]);
    expect(second.nextCursor).toBeNull();
  });
});

describe('platform admin', () => {
  it('grants credits with a reason, once per idempotency key', async () => {
    const orgId = await createOrganization(t, admin, 'Granted Co');
    const grant = () =>
      request(t, platformAdmin, {
        method: 'POST',
        url: `/api/v1/admin/organizations/${orgId}/credits`,
        payload: { credits: 25.5, reason: 'Pilot customer', idempotencyKey: 'ticket-42' },
      });
    expect((await grant()).json()).toEqual({ granted: true, balanceCredits: 125.5 });
    expect((await grant()).json()).toEqual({ granted: false, balanceCredits: 125.5 });
    const ledger = await request(t, platformAdmin, {
      method: 'GET',
      url: `/api/v1/admin/organizations/${orgId}/ledger`,
    });
    expect(ledger.json().entries[0]).toMatchObject({
      kind: 'manual_grant',
      amountCredits: 25.5,
      reason: 'Pilot customer',
      createdBy: platformAdmin.id,
    });
    expect(ledger.json().entries).toHaveLength(2);
  });

  it('is the only one who may grant, even an org admin of the organization', async () => {
    const orgId = await createOrganization(t, admin, 'Self-serve Co');
    const attempt = await request(t, admin, {
      method: 'POST',
      url: `/api/v1/admin/organizations/${orgId}/credits`,
      payload: { credits: 1000, reason: 'Free money' },
    });
    expect(attempt.statusCode).toBe(403);
    expect((await billingOf(admin, orgId)).json().balanceCredits).toBe(100);
    const missing = await request(t, platformAdmin, {
      method: 'POST',
      url: '/api/v1/admin/organizations/00000000-0000-4000-8000-000000000000/credits',
      payload: { credits: 1, reason: 'Nobody' },
    });
    expect(missing.statusCode).toBe(404);
  });

  it('sets what a minute costs; pairs not listed keep their price', async () => {
    const put = await request(t, platformAdmin, {
      method: 'PUT',
      url: '/api/v1/admin/billing/prices',
      payload: { prices: [{ channel: 'phone', modelKind: 'pipeline', creditsPerMinute: 7.25 }] },
    });
    expect(put.statusCode).toBe(200);
    expect(put.json().prices).toContainEqual({
      channel: 'phone',
      modelKind: 'pipeline',
      creditsPerMinute: 7.25,
    });
    expect(put.json().prices).toContainEqual({ channel: 'web', modelKind: 'realtime', creditsPerMinute: 10 });
    const twice = await request(t, platformAdmin, {
      method: 'PUT',
      url: '/api/v1/admin/billing/prices',
      payload: {
        prices: [
          { channel: 'web', modelKind: 'realtime', creditsPerMinute: 1 },
          { channel: 'web', modelKind: 'realtime', creditsPerMinute: 2 },
        ],
      },
    });
    expect(twice.statusCode).toBe(400);
  });
});

describe('call admission', () => {
  const start = (orgId: string, agentId: string) =>
    request(t, admin, { method: 'POST', url: `/api/v1/orgs/${orgId}/agents/${agentId}/calls/web` });
  const readiness = (orgId: string, agentId: string) =>
    request(t, admin, { method: 'GET', url: `/api/v1/orgs/${orgId}/agents/${agentId}/call-readiness` });

  it('refuses a call without credits (402 with the balance and how to add credits), and says so before', async () => {
    const orgId = await createOrganization(t, admin, 'Broke Co');
    const agentId = await newAgent(orgId);
    await append(orgId, {
      kind: 'adjustment',
      amountMillicredits: -100_000,
      idempotencyKey: `test:${orgId}:zero`,
    });
    const refused = await start(orgId, agentId);
    expect(refused.statusCode).toBe(402);
    expect(refused.json().error).toMatchObject({
      code: 'INSUFFICIENT_CREDITS',
      message: expect.stringMatching(/balance 0 credits.*platform admin/),
      details: { limit: { balanceCredits: 0 } },
    });
    expect((await readiness(orgId, agentId)).json()).toMatchObject({
      canStartCall: false,
      problems: [{ code: 'INSUFFICIENT_CREDITS' }],
    });
    const calls = await t.database.owner
      .selectFrom('calls')
      .select('id')
      .where('organizationId', '=', orgId)
      .execute();
    expect(calls).toEqual([]);
  });

  it('refuses a call once today’s usage reaches the daily spend cap', async () => {
    const orgId = await createOrganization(t, admin, 'Capped Co');
    const agentId = await newAgent(orgId);
    await request(t, admin, {
      method: 'PATCH',
      url: `/api/v1/orgs/${orgId}/billing/settings`,
      payload: { dailySpendCapCredits: 2 },
    });
    await append(orgId, { kind: 'usage', amountMillicredits: -1_999, idempotencyKey: `usage:${orgId}:a` });
    expect((await start(orgId, agentId)).statusCode).toBe(201);
    await append(orgId, { kind: 'usage', amountMillicredits: -1, idempotencyKey: `usage:${orgId}:b` });
    const refused = await start(orgId, agentId);
    expect(refused.statusCode).toBe(402);
    expect(refused.json().error).toMatchObject({
      code: 'DAILY_SPEND_CAP_REACHED',
      message: expect.stringMatching(/daily spend cap of 2.*billing settings/),
      details: { limit: { spentTodayCredits: 2, dailySpendCapCredits: 2 } },
    });
  });

  it('refuses a call past the concurrent-call limit, even when the calls start at once', async () => {
    const orgId = await createOrganization(t, admin, 'Busy Co');
    const agentId = await newAgent(orgId);
    await request(t, admin, {
      method: 'PATCH',
      url: `/api/v1/orgs/${orgId}/billing/settings`,
      payload: { concurrentCallLimit: 2 },
    });
    const attempts = await Promise.all(Array.from({ length: 5 }, () => start(orgId, agentId)));
    expect(attempts.map((response) => response.statusCode).sort()).toEqual([201, 201, 429, 429, 429]);
    const refused = attempts.find((response) => response.statusCode === 429)!;
    expect(refused.json().error).toMatchObject({
      code: 'CONCURRENT_CALL_LIMIT',
      message: expect.stringMatching(/2 calls are in progress.*raise the limit/),
      details: { limit: { openCalls: 2, concurrentCallLimit: 2 } },
    });
    expect((await readiness(orgId, agentId)).json().problems).toMatchObject([
      { code: 'CONCURRENT_CALL_LIMIT' },
    ]);
  });

  it('admits every call with metering off, whatever the balance', async () => {
    const unmetered = await createTestApp({
      livekit: TEST_LIVEKIT,
      publicConfig: { billingMetering: false },
    });
    try {
      const user = await signUp(unmetered);
      const orgId = await createOrganization(unmetered, user, 'Single company');
      await withTenant(unmetered.database.app, { orgId }, (tx) =>
        appendLedgerEntry(tx, {
          organizationId: orgId,
          kind: 'adjustment',
          amountMillicredits: -100_000,
          idempotencyKey: `test:${orgId}:zero`,
        }),
      );
      const agentId = (
        await request(unmetered, user, {
          method: 'POST',
          url: `/api/v1/orgs/${orgId}/agents`,
          payload: { name: 'A' },
        })
      ).json().id;
      const started = await request(unmetered, user, {
        method: 'POST',
        url: `/api/v1/orgs/${orgId}/agents/${agentId}/calls/web`,
      });
      expect(started.statusCode).toBe(201);
      const summary = await request(unmetered, user, { method: 'GET', url: `/api/v1/orgs/${orgId}/billing` });
      expect(summary.json()).toMatchObject({ metering: false });
    } finally {
      await unmetered.close();
    }
  });
});
