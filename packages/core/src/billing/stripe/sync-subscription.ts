import type { SubscriptionStatus } from '@switchboard/contracts/billing-stripe';
import type { Tx } from '@switchboard/db/tenant';
import { sql } from 'kysely';
import type Stripe from 'stripe';
import { notifySubscriptionChange, type SubscriptionChange } from '../notify-subscription-change.ts';
import { findBillingPlan } from './billing-plans.ts';
import { billingPageUrl } from './billing-urls.ts';
import { type StripeBilling, stripeId } from './stripe-client.ts';

/** The organization's billing row, locked by the caller for the rest of its transaction. */
export interface LockedCustomer {
  organizationId: string;
  stripeCustomerId: string;
  stripeSubscriptionId: string | null;
  status: string | null;
  planId: string | null;
  cancelAtPeriodEnd: boolean;
}

/**
 * What the billing members are told, comparing the recorded state with Stripe's: a subscription starts,
 * changes plan, or is canceled — once, when cancellation is scheduled, or when it ends unscheduled.
 */
function changeOf(
  before: LockedCustomer,
  after: { status: SubscriptionStatus; planId: string | null; cancelAtPeriodEnd: boolean },
): SubscriptionChange['change'] | null {
  const wasLive = before.status === 'active' || before.status === 'past_due';
  if (!wasLive) return after.status === 'active' ? 'started' : null;
  if (after.status === 'canceled') return before.cancelAtPeriodEnd ? null : 'canceled';
  if (after.cancelAtPeriodEnd && !before.cancelAtPeriodEnd) return 'canceled';
  return after.planId !== before.planId ? 'changed' : null;
}

/** Stripe states in which the subscription's plan still applies (past_due: Stripe is still retrying). */
const PLAN_SERVING_STATUSES = new Set<Stripe.Subscription.Status>(['active', 'trialing', 'past_due']);

/** Stripe's many subscription states, as the three the product acts on. */
export function subscriptionStatusOf(status: Stripe.Subscription.Status): SubscriptionStatus {
  switch (status) {
    case 'active':
    case 'trialing':
      return 'active';
    case 'past_due':
    case 'unpaid':
    case 'incomplete':
      return 'past_due';
    default:
      return 'canceled';
  }
}

/**
 * Re-reads a subscription from Stripe and records what it says now, whatever order the events came in: an
 * older event handled late writes the current state, not its own. The caller holds the row lock, so two
 * events of one organization never interleave their read and write. A subscription that is over does not
 * replace another one still running. While a subscription runs, its plan's concurrent calls become the
 * organization's limit; when it ends, the limit is the default again.
 */
export async function syncSubscription(
  tx: Tx,
  stripe: StripeBilling,
  customer: LockedCustomer,
  subscriptionId: string,
) {
  const subscription = await stripe.client.subscriptions.retrieve(subscriptionId);
  if (stripeId(subscription.customer) !== customer.stripeCustomerId) return null;
  const status = subscriptionStatusOf(subscription.status);
  const replacesLive =
    customer.stripeSubscriptionId !== null &&
    customer.stripeSubscriptionId !== subscription.id &&
    customer.status !== 'canceled';
  if (replacesLive && status === 'canceled') return null;
  const item = subscription.items.data[0];
  const plan = item ? await findBillingPlan(tx, { stripePriceId: item.price.id }) : undefined;
  const cancelAtPeriodEnd = subscription.cancel_at_period_end || subscription.cancel_at !== null;
  const currentPeriodEnd = item ? new Date(item.current_period_end * 1000) : null;
  await tx
    .updateTable('billingSubscriptions')
    .set({
      stripeSubscriptionId: subscription.id,
      planId: plan?.id ?? null,
      status,
      currentPeriodStart: item ? new Date(item.current_period_start * 1000) : null,
      currentPeriodEnd,
      cancelAtPeriodEnd,
      updatedAt: new Date(),
    })
    .where('organizationId', '=', customer.organizationId)
    .execute();
  // The plan's concurrent calls hold while Stripe still serves the subscription (its payment retries
  // included); once it is over — canceled, or `unpaid` after the retries — the limit falls back to what an
  // organization without a subscription has: the column's default.
  const servesPlan = plan !== undefined && PLAN_SERVING_STATUSES.has(subscription.status);
  await tx
    .updateTable('organizations')
    .set({
      concurrentCallLimit: servesPlan ? plan.concurrentCalls : sql<number | null>`default`,
      updatedAt: new Date(),
    })
    .where('id', '=', customer.organizationId)
    .execute();
  const change = changeOf(customer, { status, planId: plan?.id ?? null, cancelAtPeriodEnd });
  if (change && plan) {
    await notifySubscriptionChange(tx, {
      organizationId: customer.organizationId,
      change,
      planName: plan.name,
      previousPlanName:
        change === 'changed' && customer.planId
          ? (await findBillingPlan(tx, { id: customer.planId }))?.name
          : null,
      creditsPerPeriod: change === 'canceled' ? null : plan.creditsPerPeriod,
      endsAt: change === 'canceled' && status !== 'canceled' ? currentPeriodEnd : null,
      url: billingPageUrl(stripe.publicUrl, customer.organizationId),
    });
  }
  Object.assign(customer, {
    stripeSubscriptionId: subscription.id,
    status,
    planId: plan?.id ?? null,
    cancelAtPeriodEnd,
  });
  return { subscription, status, plan: plan ?? null };
}
