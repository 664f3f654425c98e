import type { Tx } from '@switchboard/db/tenant';
import { appendLedgerEntry } from '../append-ledger-entry.ts';
import { findBillingPlan } from './billing-plans.ts';
import { invoicePriceIds, retrieveSubscriptionInvoice } from './invoice-subscription.ts';
import type { StripeBilling } from './stripe-client.ts';
import { type LockedCustomer, syncSubscription } from './sync-subscription.ts';

/** Invoices that open a billing period; a mid-period proration invoice grants nothing. */
const PERIOD_INVOICES = new Set(['subscription_create', 'subscription_cycle']);

/**
 * A paid subscription invoice grants its plan's credits for the period, once per invoice (ledger key
 * `stripe:invoice:<id>`, whatever events repeat it). The invoice and its subscription are re-read from
 * Stripe: the invoice must really be paid, and the subscription's state is recorded as it is now.
 */
export async function grantInvoiceCredits(
  tx: Tx,
  stripe: StripeBilling,
  customer: LockedCustomer,
  invoiceId: string,
): Promise<boolean> {
  const found = await retrieveSubscriptionInvoice(stripe, customer, invoiceId, 'paid');
  if (!found) return false;
  const { invoice, subscriptionId } = found;
  const synced = await syncSubscription(tx, stripe, customer, subscriptionId);
  if (!PERIOD_INVOICES.has(invoice.billing_reason ?? '')) return synced !== null;
  // The plan the invoice charged for, which a later plan change does not rewrite.
  let plan = null;
  for (const priceId of invoicePriceIds(invoice)) {
    plan ??= (await findBillingPlan(tx, { stripePriceId: priceId })) ?? null;
  }
  plan ??= synced?.plan ?? null;
  if (!plan || plan.creditsPerPeriodMillicredits === 0) return synced !== null;
  const period = new Date(invoice.period_end * 1000).toISOString().slice(0, 10);
  await appendLedgerEntry(tx, {
    organizationId: customer.organizationId,
    kind: 'plan_grant',
    amountMillicredits: plan.creditsPerPeriodMillicredits,
    idempotencyKey: `stripe:invoice:${invoice.id}`,
    reason: `${plan.name} plan: credits for the period of invoice ${invoice.number ?? invoice.id} (${period})`,
  });
  return true;
}
