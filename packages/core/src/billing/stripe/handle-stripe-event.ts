import type { StripeWebhookResult } from '@switchboard/contracts/billing-stripe';
import type { SystemDatabase } from '@switchboard/db/database';
import { type Tx, withSystem } from '@switchboard/db/tenant';
import type Stripe from 'stripe';
import { AppError } from '../../errors.ts';
import { applyPaymentIntent } from './apply-payment-intent.ts';
import { grantInvoiceCredits } from './grant-invoice-credits.ts';
import { grantPackPurchase } from './grant-pack-purchase.ts';
import { recordPaymentFailure } from './record-payment-failure.ts';
import { type StripeBilling, stripeId } from './stripe-client.ts';
import { type LockedCustomer, syncSubscription } from './sync-subscription.ts';

/** The events to enable on the webhook endpoint (docs/billing.md "Stripe setup"). */
export const STRIPE_EVENTS = [
  'checkout.session.completed',
  'checkout.session.async_payment_succeeded',
  'customer.subscription.created',
  'customer.subscription.updated',
  'customer.subscription.deleted',
  'invoice.paid',
  'invoice.payment_failed',
  'payment_intent.succeeded',
  'payment_intent.payment_failed',
] as const;
type HandledType = (typeof STRIPE_EVENTS)[number];

/** Checks the signature on the raw body with STRIPE_WEBHOOK_SECRET; anything else is refused. */
export function verifyStripeEvent(
  stripe: StripeBilling,
  rawBody: string,
  signature: string | undefined,
): Stripe.Event {
  try {
    return stripe.client.webhooks.constructEvent(rawBody, signature ?? '', stripe.webhookSecret);
  } catch {
    throw new AppError('INVALID_SIGNATURE', 'The Stripe signature does not match');
  }
}

/**
 * Applies a verified Stripe event once. Its id is inserted in the transaction that applies it: a replay
 * finds it, and concurrent deliveries wait on the key until the first commits (or, if it failed and rolled
 * back, one of them applies it). The organization's billing row is locked before Stripe is re-read, so its
 * events apply one at a time, each from Stripe's current state rather than from the payload.
 */
export function handleStripeEvent(
  systemDb: SystemDatabase,
  stripe: StripeBilling,
  event: Stripe.Event,
): Promise<StripeWebhookResult> {
  if (!(STRIPE_EVENTS as readonly string[]).includes(event.type))
    return Promise.resolve({ result: 'ignored' });
  return withSystem(systemDb, `stripe webhook ${event.type}`, async (tx) => {
    const fresh = await tx
      .insertInto('stripeWebhookEvents')
      .values({ eventId: event.id, type: event.type })
      .onConflict((oc) => oc.column('eventId').doNothing())
      .returning('eventId')
      .executeTakeFirst();
    if (!fresh) return { result: 'duplicate' };
    const object = event.data.object as { customer?: string | { id: string } | null };
    const customer = await lockCustomer(tx, stripeId(object.customer));
    if (!customer) return { result: 'ignored' };
    const applied = await apply(tx, stripe, customer, event.type as HandledType, event.data.object);
    return { result: applied ? 'applied' : 'ignored' };
  });
}

/** Locks the billing row of the organization that owns a Stripe customer, for the rest of the transaction. */
export async function lockCustomer(
  tx: Tx,
  stripeCustomerId: string | null,
): Promise<LockedCustomer | undefined> {
  if (!stripeCustomerId) return undefined;
  return tx
    .selectFrom('billingSubscriptions')
    .select([
      'organizationId',
      'stripeCustomerId',
      'stripeSubscriptionId',
      'status',
      'planId',
      'cancelAtPeriodEnd',
    ])
    .where('stripeCustomerId', '=', stripeCustomerId)
    .forUpdate()
    .executeTakeFirst();
}

async function apply(
  tx: Tx,
  stripe: StripeBilling,
  customer: LockedCustomer,
  type: HandledType,
  object: unknown,
): Promise<boolean> {
  const { id } = object as { id: string };
  switch (type) {
    case 'checkout.session.completed':
    case 'checkout.session.async_payment_succeeded': {
      const session = await stripe.client.checkout.sessions.retrieve(id);
      if (session.mode === 'subscription') {
        const subscriptionId = stripeId(session.subscription);
        return (
          subscriptionId !== null && (await syncSubscription(tx, stripe, customer, subscriptionId)) !== null
        );
      }
      return grantPackPurchase(tx, customer, session);
    }
    case 'customer.subscription.created':
    case 'customer.subscription.updated':
    case 'customer.subscription.deleted':
      return (await syncSubscription(tx, stripe, customer, id)) !== null;
    case 'invoice.paid':
      return grantInvoiceCredits(tx, stripe, customer, id);
    case 'invoice.payment_failed':
      return recordPaymentFailure(tx, stripe, customer, id);
    case 'payment_intent.succeeded':
    case 'payment_intent.payment_failed':
      return applyPaymentIntent(tx, stripe, customer, id);
  }
}
