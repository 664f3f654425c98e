import type { Tx } from '@switchboard/db/tenant';
import type Stripe from 'stripe';
import { emailMembersHolding } from '../../email/email-members-holding.ts';
import { appendLedgerEntry } from '../append-ledger-entry.ts';
import { toCredits } from '../credits.ts';
import { billingPageUrl } from '../stripe/billing-urls.ts';

/** Marks the PaymentIntents of auto-recharges (`metadata.kind`), for the webhook to recognize them. */
export const AUTO_RECHARGE_KIND = 'auto_recharge';

export type AutoRechargeOutcome =
  | { paymentIntent: Stripe.PaymentIntent }
  /** No charge was made (no Stripe, no payment method), or Stripe declined it: why, in a sentence. */
  | { paymentIntent: Stripe.PaymentIntent | null; failure: string };

const money = (cents: number, currency: string) =>
  new Intl.NumberFormat('en', { style: 'currency', currency: currency.toUpperCase() }).format(cents / 100);

/**
 * Records how an auto-recharge ended, once: the job (after its charge) and Stripe's webhook (the
 * PaymentIntent's events) both settle through here, under the row's lock, and only a pending row changes.
 * A succeeded PaymentIntent grants the credits it was created for (its metadata), with the ledger key
 * `stripe:payment_intent:<id>` — one key whichever path comes first — and emails the billing members; a
 * failure emails them with a link to fix the payment method. A PaymentIntent still processing leaves the
 * row pending for its webhook. Returns whether the row was settled now.
 */
export async function settleAutoRecharge(
  tx: Tx,
  { autoRechargeId, publicUrl }: { autoRechargeId: string; publicUrl: string },
  outcome: AutoRechargeOutcome,
): Promise<boolean> {
  const recharge = await tx
    .selectFrom('autoRecharges')
    .innerJoin('creditPacks', 'creditPacks.id', 'autoRecharges.packId')
    .select([
      'autoRecharges.organizationId',
      'autoRecharges.status',
      'creditPacks.name as packName',
      'creditPacks.priceCents',
      'creditPacks.currency',
    ])
    .where('autoRecharges.id', '=', autoRechargeId)
    .forUpdate('autoRecharges')
    .executeTakeFirst();
  if (recharge?.status !== 'pending') return false;
  const { organizationId } = recharge;
  const url = billingPageUrl(publicUrl, organizationId);
  const intent = outcome.paymentIntent;
  const amount = money(intent?.amount ?? recharge.priceCents, intent?.currency ?? recharge.currency);
  if ('failure' in outcome) {
    await tx
      .updateTable('autoRecharges')
      .set({
        status: 'failed',
        stripePaymentIntentId: intent?.id ?? null,
        failureMessage: outcome.failure.slice(0, 1000),
        updatedAt: new Date(),
      })
      .where('id', '=', autoRechargeId)
      .execute();
    await emailMembersHolding(tx, organizationId, 'billing:manage', (organizationName) => ({
      template: 'auto-recharge-failed',
      data: { organizationName, packName: recharge.packName, amount, reason: outcome.failure, url },
    }));
    return true;
  }
  const succeeded = outcome.paymentIntent;
  if (succeeded.status !== 'succeeded') {
    // Still processing (a delayed payment method): its webhook settles it.
    await tx
      .updateTable('autoRecharges')
      .set({ stripePaymentIntentId: succeeded.id, updatedAt: new Date() })
      .where('id', '=', autoRechargeId)
      .execute();
    return false;
  }
  const millicredits = Number(succeeded.metadata.credits_millicredits);
  if (!Number.isSafeInteger(millicredits) || millicredits <= 0) {
    throw new Error(`PaymentIntent ${succeeded.id} names no credits`);
  }
  const { balanceMillicredits } = await appendLedgerEntry(tx, {
    organizationId,
    kind: 'purchase',
    amountMillicredits: millicredits,
    idempotencyKey: `stripe:payment_intent:${succeeded.id}`,
    reason: `Auto-recharge: credit pack "${recharge.packName}" bought off-session through Stripe`,
  });
  await tx
    .updateTable('autoRecharges')
    .set({ status: 'succeeded', stripePaymentIntentId: succeeded.id, updatedAt: new Date() })
    .where('id', '=', autoRechargeId)
    .execute();
  await emailMembersHolding(tx, organizationId, 'billing:manage', (organizationName) => ({
    template: 'auto-recharge-succeeded',
    data: {
      organizationName,
      packName: recharge.packName,
      packCredits: toCredits(millicredits),
      amount,
      balanceCredits: toCredits(balanceMillicredits),
      url,
    },
  }));
  return true;
}
