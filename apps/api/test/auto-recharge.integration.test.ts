import { randomUUID } from 'node:crypto';
import { appendLedgerEntry } from '@switchboard/core/billing/append-ledger-entry';
import { AUTO_RECHARGE_TASK } from '@switchboard/core/billing/auto-recharge/queue-auto-recharge';
import { runAutoRecharge } from '@switchboard/core/billing/auto-recharge/run-auto-recharge';
import { createStripeClient } from '@switchboard/core/billing/stripe/stripe-client';
import { type FakeStripe, startFakeStripe } from '@switchboard/core/testing/fake-stripe';
import { withTenant } from '@switchboard/db/tenant';
import { sql } from 'kysely';
import type Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addMember,
  createOrganization,
  createTestApp,
  PUBLIC_URL,
  request,
  signUp,
  type TestApp,
  type TestUser,
} from './harness.ts';

// Auto-recharge in Stripe mode against the local fake of Stripe's API: a usage debit that takes the balance
// below the organization's threshold queues one purchase per crossing; the job runner's task buys the pack
// off-session (a confirmed PaymentIntent on the saved card) and grants it once, whether the job or Stripe's
// webhook settles it first; a declined card emails the billing members.
let t: TestApp;
let stripe: FakeStripe;
let stripeClient: Stripe;
let platformAdmin: TestUser;
let admin: TestUser;
let pack: { id: string };

beforeAll(async () => {
  stripe = await startFakeStripe();
  stripeClient = createStripeClient(stripe.secretKey, stripe.apiBase);
  t = await createTestApp({ stripe });
  platformAdmin = await signUp(t);
  admin = await signUp(t);
  pack = (
    await request(t, platformAdmin, {
      method: 'POST',
      url: '/api/v1/admin/billing/packs',
      payload: {
        name: 'Top-up 500',
        credits: 500,
        priceCents: 500,
        stripePriceId: `price_${randomUUID().replace(/-/g, '')}`,
      },
    })
  ).json();
});
afterAll(async () => {
  await t?.close();
  await stripe?.close();
});

/** An organization (100 trial credits) with a Stripe customer and a saved card, auto-recharging below 50. */
async function rechargingOrganization(name: string, card: { declines?: boolean } = {}) {
  const orgId = await createOrganization(t, admin, name);
  const portal = await request(t, admin, { method: 'POST', url: `/api/v1/orgs/${orgId}/billing/portal` });
  expect(portal.statusCode, portal.body).toBe(200);
  const { stripeCustomerId } = await t.database.owner
    .selectFrom('billingSubscriptions')
    .select('stripeCustomerId')
    .where('organizationId', '=', orgId)
    .executeTakeFirstOrThrow();
  stripe.savePaymentMethod(stripeCustomerId, card);
  const settings = await request(t, admin, {
    method: 'PATCH',
    url: `/api/v1/orgs/${orgId}/billing/settings`,
    payload: { autoRecharge: { packId: pack.id, thresholdCredits: 50 } },
  });
  expect(settings.statusCode, settings.body).toBe(200);
  expect(settings.json().autoRecharge).toEqual({ packId: pack.id, thresholdCredits: 50 });
  return { orgId, stripeCustomerId };
}

/** A usage debit as the worker tier writes it. */
const spend = (orgId: string, credits: number) =>
  withTenant(t.database.worker, { orgId }, (tx) =>
    appendLedgerEntry(tx, {
      organizationId: orgId,
      kind: 'usage',
      amountMillicredits: -credits * 1000,
      idempotencyKey: `test-usage:${randomUUID()}`,
    }),
  );

const rechargesOf = (orgId: string) =>
  t.database.owner
    .selectFrom('autoRecharges')
    .selectAll()
    .where('organizationId', '=', orgId)
    .orderBy('createdAt')
    .execute();

/** The job queued for each auto-recharge (graphile-worker's queue), by auto-recharge id. */
const queuedJobs = async (orgId: string) =>
  (
    await sql<{ id: string }>`
      select j.payload->>'autoRechargeId' as id from graphile_worker._private_jobs j
      join graphile_worker._private_tasks k on k.id = j.task_id
      join auto_recharges r on r.id::text = j.payload->>'autoRechargeId'
      where k.identifier = ${AUTO_RECHARGE_TASK} and r.organization_id = ${orgId}`.execute(t.database.owner)
  ).rows.map((row) => row.id);

/** The job runner's task, as the worker tier runs it. */
const runJob = (autoRechargeId: string) =>
  runAutoRecharge(
    { systemDb: t.database.system, stripe: stripeClient, publicUrl: PUBLIC_URL },
    { autoRechargeId },
  );

const balanceOf = async (orgId: string) =>
  (await request(t, admin, { method: 'GET', url: `/api/v1/orgs/${orgId}/billing` })).json().balanceCredits;

const emailsOf = (orgId: string, template: string) =>
  t.database.owner
    .selectFrom('emailOutbox')
    .select(['toAddress', 'subject', 'textBody', 'html'])
    .where('organizationId', '=', orgId)
    .where('template', '=', template)
    .execute();

const deliver = (type: string, object: Record<string, unknown>) => {
  const event = stripe.event(type, object);
  return t.app.inject({
    method: 'POST',
    url: '/api/webhooks/stripe',
    headers: { 'content-type': 'application/json; charset=utf-8', 'stripe-signature': event.signature },
    payload: event.payload,
  });
};

describe('auto-recharge', () => {
  it('buys the pack once per crossing, off-session, and grants it once (job, retried job and webhook)', async () => {
    const { orgId, stripeCustomerId } = await rechargingOrganization('Recharge Co');
    const billingMember = await addMember(t, orgId, 'billing');
    await spend(orgId, 40); // 60: above the threshold
    expect(await rechargesOf(orgId)).toHaveLength(0);
    await spend(orgId, 20); // 40: crosses
    await spend(orgId, 5); // 35: below already, no second purchase
    const [recharge, ...others] = await rechargesOf(orgId);
    expect(others).toHaveLength(0);
    expect(recharge).toMatchObject({ status: 'pending', packId: pack.id });
    expect(await queuedJobs(orgId)).toEqual([recharge!.id]);

    // The job and its retry at the same moment: one PaymentIntent (Stripe's idempotency key), one grant.
    await Promise.all([runJob(recharge!.id), runJob(recharge!.id)]);
    const charges = stripe.requests.filter(
      (r) => r.method === 'POST' && r.path === '/v1/payment_intents' && r.body.customer === stripeCustomerId,
    );
    expect(charges.length).toBeGreaterThanOrEqual(1);
    expect(new Set(charges.map((r) => r.idempotencyKey))).toEqual(new Set([`auto-recharge:${recharge!.id}`]));
    expect(charges[0]!.body).toMatchObject({
      amount: '500',
      currency: 'usd',
      off_session: 'true',
      confirm: 'true',
      payment_method: expect.stringMatching(/^pm_/),
    });
    const [settled] = await rechargesOf(orgId);
    expect(settled).toMatchObject({
      status: 'succeeded',
      stripePaymentIntentId: expect.stringMatching(/^pi_/),
    });
    expect(await balanceOf(orgId)).toBe(535);

    // Stripe's webhook for the same PaymentIntent, and its replay, add nothing.
    const intent = stripe.paymentIntents.get(settled!.stripePaymentIntentId!)!;
    expect((await deliver('payment_intent.succeeded', intent)).json()).toEqual({ result: 'ignored' });
    expect((await deliver('payment_intent.succeeded', intent)).json()).toEqual({ result: 'ignored' });
    expect(await balanceOf(orgId)).toBe(535);
    const purchases = await t.database.owner
      .selectFrom('creditLedger')
      .select(['idempotencyKey', 'amountMillicredits'])
      .where('organizationId', '=', orgId)
      .where('kind', '=', 'purchase')
      .execute();
    expect(purchases).toEqual([
      { idempotencyKey: `stripe:payment_intent:${intent.id}`, amountMillicredits: 500_000 },
    ]);
    const emails = await emailsOf(orgId, 'auto-recharge-succeeded');
    expect(emails.map((e) => e.toAddress).sort()).toEqual(
      [admin.email.toLowerCase(), billingMember.email.toLowerCase()].sort(),
    );
    expect(emails[0]!.textBody).toContain('500 credits for $5.00');
    expect(emails[0]!.textBody).toContain('535 credits');

    // Back above the threshold: the next crossing buys again.
    await spend(orgId, 500); // 35: crosses anew
    expect(await rechargesOf(orgId)).toHaveLength(2);
  });

  it('a declined card: no credits, the billing members get the failure with a link, no retry until a new crossing', async () => {
    const { orgId } = await rechargingOrganization('Declined Co', { declines: true });
    await spend(orgId, 60); // 40: crosses
    const [recharge] = await rechargesOf(orgId);
    await runJob(recharge!.id);
    await runJob(recharge!.id); // a retried job changes nothing
    const [failed] = await rechargesOf(orgId);
    expect(failed).toMatchObject({ status: 'failed', failureMessage: 'Your card has insufficient funds.' });
    expect(await balanceOf(orgId)).toBe(40);
    const emails = await emailsOf(orgId, 'auto-recharge-failed');
    expect(emails).toHaveLength(1);
    expect(emails[0]!.subject).toBe('Auto-recharge failed for Declined Co on Switchboard');
    expect(emails[0]!.textBody).toContain('Your card has insufficient funds.');
    expect(emails[0]!.textBody).toContain(`${PUBLIC_URL}/o/${orgId}/billing`);
    expect(emails[0]!.html).toContain('Fix the payment method');
    // Stripe reports the failure too: already settled, nothing more.
    const intent = stripe.paymentIntents.get(failed!.stripePaymentIntentId!)!;
    expect((await deliver('payment_intent.payment_failed', intent)).json()).toEqual({ result: 'ignored' });
    expect(await emailsOf(orgId, 'auto-recharge-failed')).toHaveLength(1);
    // Still below the threshold: further debits buy nothing.
    await spend(orgId, 10);
    expect(await rechargesOf(orgId)).toHaveLength(1);
  });

  it('the webhook settles first when it comes before the job has recorded its charge', async () => {
    const { orgId, stripeCustomerId } = await rechargingOrganization('Webhook First Co');
    await spend(orgId, 60);
    const [recharge] = await rechargesOf(orgId);
    // Stripe charged (as the job would) and told the webhook before the job wrote its outcome.
    const customer = stripe.customers.get(stripeCustomerId)!;
    const intent = await stripeClient.paymentIntents.create(
      {
        amount: 500,
        currency: 'usd',
        customer: stripeCustomerId,
        payment_method: (customer.invoice_settings as { default_payment_method: string })
          .default_payment_method,
        off_session: true,
        confirm: true,
        metadata: {
          kind: 'auto_recharge',
          auto_recharge_id: recharge!.id,
          organization_id: orgId,
          pack_id: pack.id,
          pack_name: 'Top-up 500',
          credits_millicredits: '500000',
        },
      },
      { idempotencyKey: `auto-recharge:${recharge!.id}` },
    );
    expect((await deliver('payment_intent.succeeded', stripe.paymentIntents.get(intent.id)!)).json()).toEqual(
      { result: 'applied' },
    );
    await runJob(recharge!.id);
    expect(await balanceOf(orgId)).toBe(540);
    expect(await emailsOf(orgId, 'auto-recharge-succeeded')).toHaveLength(1);
  });

  it('fails saying so when no payment method is saved', async () => {
    const orgId = await createOrganization(t, admin, 'No Card Co');
    await request(t, admin, {
      method: 'PATCH',
      url: `/api/v1/orgs/${orgId}/billing/settings`,
      payload: { autoRecharge: { packId: pack.id, thresholdCredits: 50 } },
    });
    await spend(orgId, 60);
    const [recharge] = await rechargesOf(orgId);
    await runJob(recharge!.id);
    expect((await rechargesOf(orgId))[0]).toMatchObject({
      status: 'failed',
      failureMessage: expect.stringContaining('No payment method is saved'),
    });
  });

  it('settings: the pack must be on offer; null turns it off; members may not change it', async () => {
    const orgId = await createOrganization(t, admin, 'Settings Co');
    const unknown = await request(t, admin, {
      method: 'PATCH',
      url: `/api/v1/orgs/${orgId}/billing/settings`,
      payload: { autoRecharge: { packId: randomUUID(), thresholdCredits: 50 } },
    });
    expect(unknown.statusCode).toBe(400);
    expect(JSON.stringify(unknown.json())).toContain('autoRecharge.packId');
    const off = await request(t, admin, {
      method: 'PATCH',
      url: `/api/v1/orgs/${orgId}/billing/settings`,
      payload: { autoRecharge: null },
    });
    expect(off.json().autoRecharge).toBeNull();
    const member = await addMember(t, orgId, 'member');
    const refused = await request(t, member, {
      method: 'PATCH',
      url: `/api/v1/orgs/${orgId}/billing/settings`,
      payload: { autoRecharge: { packId: pack.id, thresholdCredits: 50 } },
    });
    expect(refused.statusCode).toBe(403);
  });
});
