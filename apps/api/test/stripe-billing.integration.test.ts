import { randomUUID } from 'node:crypto';
import { type FakeStripe, type SignedEvent, startFakeStripe } from '@switchboard/core/testing/fake-stripe';
import { withTenant } from '@switchboard/db/tenant';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadApiEnv } from '../src/config.ts';
import {
  addMember,
  createOrganization,
  createTestApp,
  request,
  signUp,
  type TestApp,
  type TestUser,
} from './harness.ts';

// Stripe mode against a local fake of Stripe's API: plans and packs, Checkout, the portal, and webhooks —
// signed, applied once, and read back from Stripe so that their order does not matter.
let t: TestApp;
let stripe: FakeStripe;
let platformAdmin: TestUser;
let admin: TestUser;
let starter: { id: string; stripePriceId: string };
let pro: { id: string; stripePriceId: string };
let pack: { id: string };

const priceId = () => `price_${randomUUID().replace(/-/g, '')}`;

beforeAll(async () => {
  stripe = await startFakeStripe();
  t = await createTestApp({ stripe });
  platformAdmin = await signUp(t); // the first account becomes platform admin
  admin = await signUp(t);
  starter = (await createPlan({ name: 'Starter', creditsPerPeriod: 1000, concurrentCalls: 2 })).json();
  pro = (await createPlan({ name: 'Pro', creditsPerPeriod: 5000, concurrentCalls: 10 })).json();
  pack = (
    await request(t, platformAdmin, {
      method: 'POST',
      url: '/api/v1/admin/billing/packs',
      payload: { name: '500 credits', credits: 500, priceCents: 500, stripePriceId: priceId() },
    })
  ).json();
});
afterAll(async () => {
  await t?.close();
  await stripe?.close();
});

function createPlan(input: { name: string; creditsPerPeriod: number; concurrentCalls: number }) {
  return request(t, platformAdmin, {
    method: 'POST',
    url: '/api/v1/admin/billing/plans',
    payload: { ...input, monthlyPriceCents: 4900, stripePriceId: priceId() },
  });
}

const deliver = (event: SignedEvent, signature = event.signature) =>
  t.app.inject({
    method: 'POST',
    url: '/api/webhooks/stripe',
    headers: { 'content-type': 'application/json; charset=utf-8', 'stripe-signature': signature },
    payload: event.payload,
  });

const sessionIdOf = (url: string) => url.split('/').pop()!;

async function checkout(orgId: string, planId: string) {
  const response = await request(t, admin, {
    method: 'POST',
    url: `/api/v1/orgs/${orgId}/billing/checkout/plan`,
    payload: { planId },
  });
  expect(response.statusCode, response.body).toBe(200);
  return sessionIdOf(response.json().url);
}

const ledgerOf = (orgId: string) =>
  t.database.owner
    .selectFrom('creditLedger')
    .select(['kind', 'amountMillicredits', 'idempotencyKey'])
    .where('organizationId', '=', orgId)
    .where('kind', 'in', ['plan_grant', 'purchase'])
    .orderBy('createdAt')
    .execute();

/** Subjects of the subscription emails to the organization, oldest first. */
const subscriptionEmailsOf = async (orgId: string) =>
  (
    await t.database.owner
      .selectFrom('emailOutbox')
      .select('subject')
      .where('organizationId', '=', orgId)
      .where('template', '=', 'subscription-changed')
      .orderBy('createdAt')
      .execute()
  ).map((email) => email.subject);

const subscriptionOf = async (orgId: string) =>
  (await request(t, admin, { method: 'GET', url: `/api/v1/orgs/${orgId}/billing/subscription` })).json()
    .subscription;

const balanceOf = async (orgId: string) =>
  (await request(t, admin, { method: 'GET', url: `/api/v1/orgs/${orgId}/billing` })).json().balanceCredits;

const limitOf = async (orgId: string) =>
  (
    await t.database.owner
      .selectFrom('organizations')
      .select('concurrentCallLimit')
      .where('id', '=', orgId)
      .executeTakeFirstOrThrow()
  ).concurrentCallLimit;

/** An organization subscribed to `plan` through Checkout, its events delivered in Stripe's usual order. */
async function subscribed(name: string, plan = starter) {
  const orgId = await createOrganization(t, admin, name);
  const completed = stripe.completeCheckout(await checkout(orgId, plan.id));
  await deliver(stripe.event('checkout.session.completed', completed.session));
  await deliver(stripe.event('invoice.paid', completed.invoice!));
  return { orgId, subscription: completed.subscription!, invoice: completed.invoice! };
}

describe('plans and packs', () => {
  it('are offered to the organization, and a Stripe Price maps to one of them', async () => {
    const orgId = await createOrganization(t, admin, 'Offers Co');
    const offers = (
      await request(t, admin, { method: 'GET', url: `/api/v1/orgs/${orgId}/billing/subscription` })
    ).json();
    expect(offers.subscription).toBeNull();
    expect(offers.plans.map((p: { name: string }) => p.name)).toEqual(
      expect.arrayContaining(['Starter', 'Pro']),
    );
    expect(offers.packs).toContainEqual(expect.objectContaining({ id: pack.id, credits: 500 }));

    const reused = await request(t, platformAdmin, {
      method: 'POST',
      url: '/api/v1/admin/billing/plans',
      payload: {
        name: 'Copy',
        monthlyPriceCents: 1,
        creditsPerPeriod: 1,
        concurrentCalls: 1,
        stripePriceId: starter.stripePriceId,
      },
    });
    expect(reused.statusCode).toBe(409);
    expect(reused.json().error.code).toBe('STRIPE_PRICE_IN_USE');

    const withdrawn = (await createPlan({ name: 'Legacy', creditsPerPeriod: 1, concurrentCalls: 1 })).json();
    await request(t, platformAdmin, {
      method: 'PATCH',
      url: `/api/v1/admin/billing/plans/${withdrawn.id}`,
      payload: { isActive: false },
    });
    const refused = await request(t, admin, {
      method: 'POST',
      url: `/api/v1/orgs/${orgId}/billing/checkout/plan`,
      payload: { planId: withdrawn.id },
    });
    expect(refused.statusCode).toBe(404);
  });
});

describe('Checkout and the portal', () => {
  it('opens a subscription Checkout for the organization’s Stripe customer, returning to the Billing page', async () => {
    const orgId = await createOrganization(t, admin, 'Checkout Co');
    const session = stripe.sessions.get(await checkout(orgId, starter.id))!;
    expect(session).toMatchObject({
      mode: 'subscription',
      client_reference_id: orgId,
      success_url: `http://localhost:3000/o/${orgId}/billing?checkout=success`,
      cancel_url: `http://localhost:3000/o/${orgId}/billing?checkout=canceled`,
      line_items_input: [{ price: starter.stripePriceId, quantity: '1' }],
    });
    expect(stripe.customers.get(session.customer as string)?.metadata).toEqual({ organization_id: orgId });

    // The same customer for every later Checkout and the portal.
    const portal = await request(t, admin, { method: 'POST', url: `/api/v1/orgs/${orgId}/billing/portal` });
    expect(portal.statusCode).toBe(200);
    expect(portal.json().url).toMatch(/\/portal\//);
    const portalRequest = stripe.requests.findLast((r) => r.path === '/v1/billing_portal/sessions')!;
    expect(portalRequest.body).toMatchObject({
      customer: session.customer,
      return_url: `http://localhost:3000/o/${orgId}/billing`,
    });
  });

  it('refuses a second subscription: plans change in the portal', async () => {
    const { orgId } = await subscribed('Twice Co');
    const again = await request(t, admin, {
      method: 'POST',
      url: `/api/v1/orgs/${orgId}/billing/checkout/plan`,
      payload: { planId: pro.id },
    });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('ALREADY_SUBSCRIBED');
  });

  it('needs billing:manage: a member may not open Checkout or the portal', async () => {
    const orgId = await createOrganization(t, admin, 'Roles Co');
    const member = await addMember(t, orgId, 'member');
    const attempts = {
      'checkout/plan': { planId: starter.id },
      'checkout/pack': { packId: pack.id },
      portal: undefined,
    };
    for (const [url, payload] of Object.entries(attempts)) {
      const response = await request(t, member, {
        method: 'POST',
        url: `/api/v1/orgs/${orgId}/billing/${url}`,
        ...(payload && { payload }),
      });
      expect([url, response.statusCode]).toEqual([url, 403]);
    }
  });
});

describe('webhooks', () => {
  it('refuses an event whose signature does not match, and changes nothing', async () => {
    const { orgId, invoice } = await subscribed('Signed Co');
    const renewal = stripe.renew(
      (invoice.parent as { subscription_details: { subscription: string } }).subscription_details
        .subscription,
    );
    const event = stripe.event('invoice.paid', renewal);
    const before = await ledgerOf(orgId);
    const forged = await deliver(event, event.signature.replace(/v1=[0-9a-f]+/, `v1=${'0'.repeat(64)}`));
    expect(forged.statusCode).toBe(401);
    const unsigned = await deliver(event, '');
    expect(unsigned.statusCode).toBe(401);
    const tampered = await t.app.inject({
      method: 'POST',
      url: '/api/webhooks/stripe',
      headers: { 'content-type': 'application/json', 'stripe-signature': event.signature },
      payload: event.payload.replace('"invoice.paid"', '"invoice.paid" '),
    });
    expect(tampered.statusCode).toBe(401);
    expect(await ledgerOf(orgId)).toEqual(before);
  });

  it('a subscription Checkout: the subscription is active, the first invoice grants the plan’s credits, the plan sets the concurrent-call limit', async () => {
    const { orgId, invoice } = await subscribed('Subscribed Co');
    expect(await subscriptionOf(orgId)).toMatchObject({
      planId: starter.id,
      planName: 'Starter',
      status: 'active',
      cancelAtPeriodEnd: false,
    });
    expect(await ledgerOf(orgId)).toEqual([
      { kind: 'plan_grant', amountMillicredits: 1000000, idempotencyKey: `stripe:invoice:${invoice.id}` },
    ]);
    expect(await balanceOf(orgId)).toBe(100 + 1000);
    expect(await limitOf(orgId)).toBe(2);
  });

  it('a replayed event and 10 concurrent deliveries of one event grant once', async () => {
    const { orgId, subscription } = await subscribed('Replay Co');
    const renewal = stripe.renew(subscription.id as string);
    const event = stripe.event('invoice.paid', renewal);
    const results = await Promise.all(Array.from({ length: 10 }, () => deliver(event)));
    expect(results.map((r) => r.statusCode)).toEqual(Array(10).fill(200));
    expect(results.map((r) => r.json().result).sort()).toEqual(['applied', ...Array(9).fill('duplicate')]);
    expect((await deliver(event)).json()).toEqual({ result: 'duplicate' });
    // Another event about the same invoice (Stripe may send invoice.paid again under a new id) grants nothing.
    expect((await deliver(stripe.event('invoice.paid', renewal))).statusCode).toBe(200);
    const grants = await ledgerOf(orgId);
    expect(grants.filter((g) => g.idempotencyKey === `stripe:invoice:${renewal.id}`)).toHaveLength(1);
    expect(grants).toHaveLength(2); // the first period and this renewal
    expect(await balanceOf(orgId)).toBe(100 + 2 * 1000);
  });

  it('invoice.paid grants once per invoice, each period', async () => {
    const { orgId, subscription } = await subscribed('Periods Co');
    for (let period = 0; period < 2; period++) {
      await deliver(stripe.event('invoice.paid', stripe.renew(subscription.id as string)));
    }
    expect(await ledgerOf(orgId)).toHaveLength(3);
    expect(await balanceOf(orgId)).toBe(100 + 3 * 1000);
  });

  it('out of order: subscription.updated before checkout.session.completed ends in Stripe’s current state', async () => {
    const orgId = await createOrganization(t, admin, 'Order Co');
    const completed = stripe.completeCheckout(await checkout(orgId, starter.id));
    const subscription = completed.subscription!;
    const createdSnapshot = structuredClone(subscription);
    // The customer upgrades in the portal before any event arrives; events then come newest first.
    stripe.changePrice(subscription.id as string, pro.stripePriceId);
    await deliver(stripe.event('customer.subscription.updated', subscription));
    expect(await subscriptionOf(orgId)).toMatchObject({ planId: pro.id, status: 'active' });
    await deliver(stripe.event('checkout.session.completed', completed.session));
    await deliver(stripe.event('customer.subscription.created', createdSnapshot));
    await deliver(stripe.event('invoice.paid', completed.invoice!));
    // The stale snapshots (Starter) do not win: the re-read says Pro.
    expect(await subscriptionOf(orgId)).toMatchObject({ planId: pro.id, status: 'active' });
    expect(await limitOf(orgId)).toBe(10);
    expect(await subscriptionEmailsOf(orgId)).toEqual(['Order Co subscribed to Pro on Switchboard']);
    // The first invoice charged Starter: its period grants Starter's credits.
    expect(await ledgerOf(orgId)).toEqual([expect.objectContaining({ amountMillicredits: 1000000 })]);
  });

  it('payment_failed marks the subscription past due and emails the billing contacts once; paying restores it', async () => {
    const { orgId, subscription } = await subscribed('Failing Co');
    const billingMember = await addMember(t, orgId, 'billing');
    const member = await addMember(t, orgId, 'member');
    const failed = stripe.failRenewal(subscription.id as string);
    const event = stripe.event('invoice.payment_failed', failed);
    await Promise.all([deliver(event), deliver(event)]);
    expect(await subscriptionOf(orgId)).toMatchObject({ status: 'past_due' });
    const emails = await t.database.owner
      .selectFrom('emailOutbox')
      .select(['toAddress', 'subject', 'textBody', 'html'])
      .where('organizationId', '=', orgId)
      .where('template', '=', 'payment-failed')
      .execute();
    expect(emails.map((e) => e.toAddress).sort()).toEqual(
      [admin.email.toLowerCase(), billingMember.email.toLowerCase()].sort(),
    );
    expect(emails.map((e) => e.toAddress)).not.toContain(member.email.toLowerCase());
    expect(emails[0]!.subject).toBe('Payment failed for Failing Co on Switchboard');
    expect(emails[0]!.textBody).toContain('$49.00');
    expect(emails[0]!.textBody).toContain(`http://localhost:3000/o/${orgId}/billing`);
    expect(emails[0]!.html).toContain('Fix the payment');
    // No credits for an unpaid period.
    expect(await ledgerOf(orgId)).toHaveLength(1);

    stripe.payInvoice(failed.id as string);
    await deliver(stripe.event('invoice.paid', failed));
    expect(await subscriptionOf(orgId)).toMatchObject({ status: 'active' });
    expect(await ledgerOf(orgId)).toHaveLength(2);
    // A failure reported after the invoice was paid after all changes nothing and emails nobody.
    await deliver(stripe.event('invoice.payment_failed', failed));
    expect(await subscriptionOf(orgId)).toMatchObject({ status: 'active' });
    const after = await t.database.owner
      .selectFrom('emailOutbox')
      .select('id')
      .where('organizationId', '=', orgId)
      .where('template', '=', 'payment-failed')
      .execute();
    expect(after).toHaveLength(2);
  });

  it('cancellation: at period end is shown, then deleted stops renewals', async () => {
    const { orgId, subscription } = await subscribed('Leaving Co');
    stripe.cancel(subscription.id as string, { atPeriodEnd: true });
    await deliver(stripe.event('customer.subscription.updated', subscription));
    expect(await subscriptionOf(orgId)).toMatchObject({ status: 'active', cancelAtPeriodEnd: true });
    stripe.cancel(subscription.id as string);
    await deliver(stripe.event('customer.subscription.deleted', subscription));
    expect(await subscriptionOf(orgId)).toMatchObject({ status: 'canceled' });
    // The plan's concurrent calls end with it: the limit is an unsubscribed organization's again.
    expect(await limitOf(orgId)).toBeNull();
    // A late, stale "updated" snapshot saying active does not bring it back.
    await deliver(stripe.event('customer.subscription.updated', { ...subscription, status: 'active' }));
    expect(await subscriptionOf(orgId)).toMatchObject({ status: 'canceled' });
    expect(await limitOf(orgId)).toBeNull();
    // Told once that it started and once that it was canceled (when scheduled, not again when it ended).
    expect(await subscriptionEmailsOf(orgId)).toEqual([
      'Leaving Co subscribed to Starter on Switchboard',
      'Leaving Co canceled Starter on Switchboard',
    ]);
    // The organization may subscribe again.
    expect(
      (
        await request(t, admin, {
          method: 'POST',
          url: `/api/v1/orgs/${orgId}/billing/checkout/plan`,
          payload: { planId: pro.id },
        })
      ).statusCode,
    ).toBe(200);
  });

  it('unpaid (Stripe gave up retrying) drops the plan’s concurrent-call limit; paying restores it', async () => {
    const { orgId, subscription } = await subscribed('Lapsing Co');
    expect(await limitOf(orgId)).toBe(2);
    const failed = stripe.failRenewal(subscription.id as string);
    await deliver(stripe.event('invoice.payment_failed', failed));
    // Past due: Stripe is still retrying, the plan still applies.
    expect(await limitOf(orgId)).toBe(2);
    await deliver(
      stripe.event('customer.subscription.updated', stripe.giveUpRetries(subscription.id as string)),
    );
    expect(await subscriptionOf(orgId)).toMatchObject({ status: 'past_due' });
    expect(await limitOf(orgId)).toBeNull();
    // Replayed, or an older snapshot arriving late: Stripe says unpaid now, the limit stays the default.
    await deliver(stripe.event('customer.subscription.updated', { ...subscription, status: 'active' }));
    expect(await limitOf(orgId)).toBeNull();
    stripe.payInvoice(failed.id as string);
    await deliver(stripe.event('invoice.paid', failed));
    expect(await limitOf(orgId)).toBe(2);
  });

  it('a plan change in the portal moves the plan and the concurrent-call limit, and tells the billing members', async () => {
    const { orgId, subscription } = await subscribed('Upgrade Co');
    stripe.changePrice(subscription.id as string, pro.stripePriceId);
    await deliver(stripe.event('customer.subscription.updated', subscription));
    expect(await subscriptionOf(orgId)).toMatchObject({ planId: pro.id, status: 'active' });
    expect(await limitOf(orgId)).toBe(10);
    expect(await subscriptionEmailsOf(orgId)).toEqual([
      'Upgrade Co subscribed to Starter on Switchboard',
      'Upgrade Co changed plan to Pro on Switchboard',
    ]);
    // The next period grants Pro's credits.
    await deliver(stripe.event('invoice.paid', stripe.renew(subscription.id as string)));
    expect(await balanceOf(orgId)).toBe(100 + 1000 + 5000);
  });

  it('a credit pack purchase grants its credits once, however often completion is reported', async () => {
    const orgId = await createOrganization(t, admin, 'Pack Co');
    const response = await request(t, admin, {
      method: 'POST',
      url: `/api/v1/orgs/${orgId}/billing/checkout/pack`,
      payload: { packId: pack.id },
    });
    expect(response.statusCode).toBe(200);
    const sessionId = sessionIdOf(response.json().url);
    // An unpaid session grants nothing.
    await deliver(stripe.event('checkout.session.completed', stripe.sessions.get(sessionId)!));
    expect(await ledgerOf(orgId)).toEqual([]);
    const { session } = stripe.completeCheckout(sessionId);
    await deliver(stripe.event('checkout.session.completed', session));
    await deliver(stripe.event('checkout.session.async_payment_succeeded', session));
    await Promise.all(
      Array.from({ length: 5 }, () => deliver(stripe.event('checkout.session.completed', session))),
    );
    expect(await ledgerOf(orgId)).toEqual([
      { kind: 'purchase', amountMillicredits: 500000, idempotencyKey: `stripe:checkout:${sessionId}` },
    ]);
    expect(await balanceOf(orgId)).toBe(100 + 500);
  });

  it('ignores events of customers it does not know and of types it does not handle', async () => {
    const foreign = { id: 'in_foreign', object: 'invoice', customer: 'cus_unknown' };
    expect((await deliver(stripe.event('invoice.paid', foreign))).json()).toEqual({ result: 'ignored' });
    expect((await deliver(stripe.event('charge.succeeded', { id: 'ch_1' }))).json()).toEqual({
      result: 'ignored',
    });
  });
});

describe('platform admin re-sync', () => {
  it('re-reads the subscription and grants a missed invoice once', async () => {
    const orgId = await createOrganization(t, admin, 'Missed Co');
    const completed = stripe.completeCheckout(await checkout(orgId, starter.id));
    // Every webhook was missed.
    const synced = await request(t, platformAdmin, {
      method: 'POST',
      url: `/api/v1/admin/organizations/${orgId}/billing/sync`,
    });
    expect(synced.statusCode, synced.body).toBe(200);
    expect(synced.json().subscription).toMatchObject({ planId: starter.id, status: 'active' });
    await request(t, platformAdmin, {
      method: 'POST',
      url: `/api/v1/admin/organizations/${orgId}/billing/sync`,
    });
    // The webhook arriving late grants nothing more.
    await deliver(stripe.event('invoice.paid', completed.invoice!));
    expect(await ledgerOf(orgId)).toHaveLength(1);

    const notAdmin = await request(t, admin, {
      method: 'POST',
      url: `/api/v1/admin/organizations/${orgId}/billing/sync`,
    });
    expect(notAdmin.statusCode).toBe(403);
  });
});

describe('the subscription row', () => {
  it('is read by its own organization only, and changed by the system door only', async () => {
    const { orgId } = await subscribed('Tenant A Co');
    const other = await createOrganization(t, admin, 'Tenant B Co');
    const seen = await withTenant(t.database.app, { orgId: other }, (tx) =>
      tx.selectFrom('billingSubscriptions').select('organizationId').execute(),
    );
    expect(seen).toEqual([]);
    const changed = await withTenant(t.database.app, { orgId }, (tx) =>
      tx
        .updateTable('billingSubscriptions')
        .set({ status: 'active' })
        .where('organizationId', '=', orgId)
        .execute(),
    ).catch((error: Error) => error.message);
    expect(changed).toMatch(/permission denied/);
  });
});

describe('the fake’s hosted Checkout (for browser journeys)', () => {
  it('pays, delivers the signed events to the webhook and returns to the Billing page with the credits', async () => {
    const address = await t.app.listen({ port: 0, host: '127.0.0.1' });
    stripe.webhookUrl = `${address}/api/webhooks/stripe`;
    try {
      const orgId = await createOrganization(t, admin, 'Browser Co');
      const response = await request(t, admin, {
        method: 'POST',
        url: `/api/v1/orgs/${orgId}/billing/checkout/plan`,
        payload: { planId: starter.id },
      });
      const page = await fetch(response.json().url);
      expect(await page.text()).toContain('Pay');
      const paid = await fetch(`${response.json().url}/pay`, { method: 'POST', redirect: 'manual' });
      expect(paid.status).toBe(303);
      expect(paid.headers.get('location')).toBe(`http://localhost:3000/o/${orgId}/billing?checkout=success`);
      expect(await subscriptionOf(orgId)).toMatchObject({ planId: starter.id, status: 'active' });
      expect(await balanceOf(orgId)).toBe(100 + 1000);
    } finally {
      stripe.webhookUrl = undefined;
    }
  });
});

describe('configuration', () => {
  it('refuses a Stripe secret key without the webhook signing secret', () => {
    const base = {
      DATABASE_APP_URL: 'postgres://a',
      DATABASE_SYSTEM_URL: 'postgres://s',
      DATABASE_AUTH_URL: 'postgres://u',
      BETTER_AUTH_SECRET: 'x'.repeat(32),
      SWITCHBOARD_SECRETS_PUBLIC_KEY: 'key',
      STRIPE_SECRET_KEY: 'sk_test_123',
    };
    expect(() => loadApiEnv(base)).toThrow(/STRIPE_WEBHOOK_SECRET/);
    expect(loadApiEnv({ ...base, STRIPE_WEBHOOK_SECRET: 'whsec_1' }).STRIPE_SECRET_KEY).toBe('sk_test_123');
  });
});
