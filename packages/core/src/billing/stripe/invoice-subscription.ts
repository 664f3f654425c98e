import type Stripe from 'stripe';
import { stripeId } from './stripe-client.ts';

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
