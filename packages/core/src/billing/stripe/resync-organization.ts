import type { BillingOffers } from '@switchboard/contracts/billing-stripe';
import type { Tx } from '@switchboard/db/tenant';
import { notFound } from '../../errors.ts';
import { getBillingOffers } from './get-billing-offers.ts';
import { grantInvoiceCredits } from './grant-invoice-credits.ts';
import { lockCustomer } from './handle-stripe-event.ts';
import { askStripe, type StripeBilling, stripeId } from './stripe-client.ts';
import { subscriptionStatusOf, syncSubscription } from './sync-subscription.ts';

/**
 * A platform admin re-reads an organization's billing from Stripe (after missed webhooks, or a change made
 * in Stripe's dashboard): the customer's running subscription (else its newest) is recorded as Stripe has
 * it, and its latest invoice, if paid, grants its period's credits — once, with the same ledger key the
 * webhook uses.
 */
export async function resyncOrganization(
  tx: Tx,
  stripe: StripeBilling,
  organizationId: string,
): Promise<BillingOffers> {
  const organization = await tx
    .selectFrom('organizations')
    .select('id')
    .where('id', '=', organizationId)
    .executeTakeFirst();
  if (!organization) throw notFound('Organization');
  const row = await tx
    .selectFrom('billingSubscriptions')
    .select('stripeCustomerId')
    .where('organizationId', '=', organizationId)
    .executeTakeFirst();
  const customer = await lockCustomer(tx, row?.stripeCustomerId ?? null);
  if (customer) {
    const { data } = await askStripe(() =>
      stripe.client.subscriptions.list({ customer: customer.stripeCustomerId, status: 'all', limit: 10 }),
    );
    const subscription =
      data.find((candidate) => subscriptionStatusOf(candidate.status) !== 'canceled') ?? data[0];
    if (subscription) {
      await askStripe(() => syncSubscription(tx, stripe, customer, subscription.id));
      const latestInvoice = stripeId(subscription.latest_invoice);
      if (latestInvoice) {
        await askStripe(() => grantInvoiceCredits(tx, stripe, customer, latestInvoice));
      }
    }
  }
  return getBillingOffers(tx, organizationId);
}
