import type { StripeRedirect } from '@switchboard/contracts/billing-stripe';
import type { OrgScope } from '../../access/actor.ts';
import { billingPageUrl } from './billing-urls.ts';
import { ensureStripeCustomer } from './ensure-stripe-customer.ts';
import { askStripe, type StripeBilling } from './stripe-client.ts';

/** A Stripe Customer Portal session: payment methods, invoices, plan changes and cancellation. */
export async function openBillingPortal(
  { tx, membership }: OrgScope,
  stripe: StripeBilling,
): Promise<StripeRedirect> {
  const customer = await ensureStripeCustomer(tx, stripe.client, membership.organizationId);
  const session = await askStripe(() =>
    stripe.client.billingPortal.sessions.create({
      customer,
      return_url: billingPageUrl(stripe.publicUrl, membership.organizationId),
    }),
  );
  return { url: session.url };
}
