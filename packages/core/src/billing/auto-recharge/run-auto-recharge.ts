import type { SystemDatabase } from '@switchboard/db/database';
import { withSystem } from '@switchboard/db/tenant';
import Stripe from 'stripe';
import { z } from 'zod';
import { stripeId } from '../stripe/stripe-client.ts';
import { AUTO_RECHARGE_KIND, type AutoRechargeOutcome, settleAutoRecharge } from './settle-auto-recharge.ts';

/** What the job runner needs to charge: Stripe (absent in manual mode) and the dashboard's address. */
export interface AutoRechargeDeps {
  systemDb: SystemDatabase;
  stripe: Stripe | undefined;
  /** The dashboard's public origin, for the emails' link to the Billing page. */
  publicUrl: string;
}

const PayloadSchema = z.object({ autoRechargeId: z.uuid() });

/**
 * The auto-recharge job: buys the pack of one queued auto-recharge off-session — a PaymentIntent for the
 * pack's price on the organization's Stripe customer and its saved payment method, `off_session` and
 * `confirm` (what Stripe documents for charging a saved card without the customer present) — and settles
 * it (settle-auto-recharge.ts). Idempotent per crossing: the PaymentIntent is created with the row's id as
 * Stripe's idempotency key, so a retried job gets the same PaymentIntent back, and a settled row is left
 * alone. Stripe unreachable or failing throws, and the job runner retries; a declined card, or nothing to
 * charge, settles as failed.
 */
export async function runAutoRecharge(deps: AutoRechargeDeps, payload: unknown): Promise<void> {
  const { autoRechargeId } = PayloadSchema.parse(payload);
  const recharge = await withSystem(deps.systemDb, 'auto-recharge: read the queued purchase', (tx) =>
    tx
      .selectFrom('autoRecharges')
      .innerJoin('creditPacks', 'creditPacks.id', 'autoRecharges.packId')
      .leftJoin('billingSubscriptions', 'billingSubscriptions.organizationId', 'autoRecharges.organizationId')
      .select([
        'autoRecharges.organizationId',
        'autoRecharges.status',
        'creditPacks.id as packId',
        'creditPacks.name as packName',
        'creditPacks.creditsMillicredits',
        'creditPacks.priceCents',
        'creditPacks.currency',
        'billingSubscriptions.stripeCustomerId',
      ])
      .where('autoRecharges.id', '=', autoRechargeId)
      .executeTakeFirst(),
  );
  if (recharge?.status !== 'pending') return;
  const outcome = await charge(deps.stripe, autoRechargeId, recharge);
  await withSystem(deps.systemDb, 'auto-recharge: settle the purchase', (tx) =>
    settleAutoRecharge(tx, { autoRechargeId, publicUrl: deps.publicUrl }, outcome),
  );
}

async function charge(
  stripe: Stripe | undefined,
  autoRechargeId: string,
  recharge: {
    organizationId: string;
    packId: string;
    packName: string;
    creditsMillicredits: number | string;
    priceCents: number;
    currency: string;
    stripeCustomerId: string | null;
  },
): Promise<AutoRechargeOutcome> {
  if (!stripe) {
    return { paymentIntent: null, failure: 'Stripe is not configured on this Switchboard installation.' };
  }
  if (!recharge.stripeCustomerId) {
    return {
      paymentIntent: null,
      failure: 'No payment method is saved yet: subscribe or buy credits once on the Billing page.',
    };
  }
  const customer = await stripe.customers.retrieve(recharge.stripeCustomerId);
  const saved =
    'deleted' in customer && customer.deleted
      ? null
      : (stripeId(customer.invoice_settings?.default_payment_method) ??
        (await stripe.customers.listPaymentMethods(recharge.stripeCustomerId, { limit: 1 })).data[0]?.id ??
        null);
  if (!saved) {
    return {
      paymentIntent: null,
      failure: 'No payment method is saved: add one with Manage payment on the Billing page.',
    };
  }
  try {
    const paymentIntent = await stripe.paymentIntents.create(
      {
        amount: recharge.priceCents,
        currency: recharge.currency,
        customer: recharge.stripeCustomerId,
        payment_method: saved,
        off_session: true,
        confirm: true,
        description: `Switchboard auto-recharge: ${recharge.packName}`,
        metadata: {
          kind: AUTO_RECHARGE_KIND,
          auto_recharge_id: autoRechargeId,
          organization_id: recharge.organizationId,
          pack_id: recharge.packId,
          pack_name: recharge.packName,
          credits_millicredits: String(recharge.creditsMillicredits),
        },
      },
      { idempotencyKey: `auto-recharge:${autoRechargeId}` },
    );
    return { paymentIntent };
  } catch (error) {
    // A declined card, or one that needs its holder (authentication_required): Stripe's card error carries
    // the failed PaymentIntent. Anything else (Stripe away) is for the job runner to retry.
    if (error instanceof Stripe.errors.StripeCardError) {
      return {
        paymentIntent: (error.payment_intent as Stripe.PaymentIntent | undefined) ?? null,
        failure: error.message,
      };
    }
    throw error;
  }
}
