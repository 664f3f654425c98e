import type { PlanCheckout, StripeRedirect } from '@switchboard/contracts/billing-stripe';
import type { OrgScope } from '../../access/actor.ts';
import { AppError, notFound } from '../../errors.ts';
import { findBillingPlan } from './billing-plans.ts';
import { billingPageUrl } from './billing-urls.ts';
import { ensureStripeCustomer } from './ensure-stripe-customer.ts';
import { askStripe, type StripeBilling } from './stripe-client.ts';

/**
 * Opens a Stripe Checkout to subscribe the organization to a plan. Nothing changes here: the webhooks say
 * when the subscription exists and when its invoice is paid. An organization already subscribed changes
 * plan in the Customer Portal instead, so it never pays two subscriptions.
 */
export async function startPlanCheckout(
  { tx, membership }: OrgScope,
  stripe: StripeBilling,
  input: PlanCheckout,
): Promise<StripeRedirect> {
  const organizationId = membership.organizationId;
  const plan = await findBillingPlan(tx, { id: input.planId });
  if (!plan?.isActive) throw notFound('Plan');
  const current = await tx
    .selectFrom('billingSubscriptions')
    .select('status')
    .where('organizationId', '=', organizationId)
    .executeTakeFirst();
  if (current?.status === 'active' || current?.status === 'past_due') {
    throw new AppError(
      'ALREADY_SUBSCRIBED',
      'The organization already has a subscription: change the plan under "Manage payment" instead',
    );
  }
  const customer = await ensureStripeCustomer(tx, stripe.client, organizationId);
  const metadata = { organization_id: organizationId, plan_id: plan.id };
  const session = await askStripe(() =>
    stripe.client.checkout.sessions.create({
      mode: 'subscription',
      customer,
      client_reference_id: organizationId,
      line_items: [{ price: plan.stripePriceId, quantity: 1 }],
      metadata,
      subscription_data: { metadata },
      success_url: billingPageUrl(stripe.publicUrl, organizationId, '?checkout=success'),
      cancel_url: billingPageUrl(stripe.publicUrl, organizationId, '?checkout=canceled'),
    }),
  );
  if (!session.url) throw new AppError('PAYMENT_PROVIDER_ERROR', 'Stripe opened a Checkout without a page');
  return { url: session.url };
}
