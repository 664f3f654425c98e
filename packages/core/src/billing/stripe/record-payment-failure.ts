import type { Tx } from '@switchboard/db/tenant';
import { emailMembersHolding } from '../../email/email-members-holding.ts';
import { billingPageUrl } from './billing-urls.ts';
import { retrieveSubscriptionInvoice } from './invoice-subscription.ts';
import type { StripeBilling } from './stripe-client.ts';
import { type LockedCustomer, syncSubscription } from './sync-subscription.ts';

/**
 * A subscription invoice's payment failed: if the invoice (re-read) is still unpaid, the subscription is
 * past due and the organization's billing contacts get an email with a link to fix the payment method. A
 * failure reported after the invoice was paid after all changes nothing.
 */
export async function recordPaymentFailure(
  tx: Tx,
  stripe: StripeBilling,
  customer: LockedCustomer,
  invoiceId: string,
): Promise<boolean> {
  const found = await retrieveSubscriptionInvoice(stripe, customer, invoiceId, 'open');
  if (!found) return false;
  const { invoice, subscriptionId } = found;
  const synced = await syncSubscription(tx, stripe, customer, subscriptionId);
  if (!synced || synced.status === 'canceled') return false;
  await tx
    .updateTable('billingSubscriptions')
    .set({ status: 'past_due', updatedAt: new Date() })
    .where('organizationId', '=', customer.organizationId)
    .execute();
  const amount = new Intl.NumberFormat('en', {
    style: 'currency',
    currency: invoice.currency.toUpperCase(),
  }).format(invoice.amount_due / 100);
  await emailMembersHolding(tx, customer.organizationId, 'billing:manage', (organizationName) => ({
    template: 'payment-failed',
    data: {
      organizationName,
      planName: synced.plan?.name ?? null,
      amount,
      url: billingPageUrl(stripe.publicUrl, customer.organizationId),
    },
  }));
  return true;
}
