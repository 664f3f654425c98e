import type Stripe from 'stripe';
import { type StripeBilling, stripeId } from './stripe-client.ts';
import type { LockedCustomer } from './sync-subscription.ts';

/** The subscription an invoice bills, or null for a one-off invoice. */
export function invoiceSubscriptionId(invoice: Stripe.Invoice): string | null {
  return stripeId(invoice.parent?.subscription_details?.subscription);
}

/** The Stripe Prices an invoice charges, in line order. */
export function invoicePriceIds(invoice: Stripe.Invoice): string[] {
  return invoice.lines.data.flatMap((line) => {
    const price = stripeId(line.pricing?.price_details?.price);
    return price ? [price] : [];
  });
}

/**
 * The invoice as Stripe has it now, when it is one of `customer`'s subscription invoices in `status`; null
 * otherwise (an event's payload is never trusted for this).
 */
export async function retrieveSubscriptionInvoice(
  stripe: StripeBilling,
  customer: LockedCustomer,
  invoiceId: string,
  status: Stripe.Invoice.Status,
): Promise<{ invoice: Stripe.Invoice; subscriptionId: string } | null> {
  const invoice = await stripe.client.invoices.retrieve(invoiceId);
  const subscriptionId = invoiceSubscriptionId(invoice);
  if (
    invoice.status !== status ||
    !subscriptionId ||
    stripeId(invoice.customer) !== customer.stripeCustomerId
  ) {
    return null;
  }
  return { invoice, subscriptionId };
}
