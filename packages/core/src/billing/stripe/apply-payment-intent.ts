import type { Tx } from '@switchboard/db/tenant';
import { AUTO_RECHARGE_KIND, settleAutoRecharge } from '../auto-recharge/settle-auto-recharge.ts';
import type { StripeBilling } from './stripe-client.ts';
import type { LockedCustomer } from './sync-subscription.ts';

/**
 * A PaymentIntent event of an auto-recharge (`payment_intent.succeeded` / `payment_failed`): the intent is
 * re-read and settles its auto-recharge, unless the job settled it first (one grant, one email). Other
 * PaymentIntents (Checkout's, say) are not Switchboard's to act on.
 */
export async function applyPaymentIntent(
  tx: Tx,
  stripe: StripeBilling,
  customer: LockedCustomer,
  paymentIntentId: string,
): Promise<boolean> {
  const intent = await stripe.client.paymentIntents.retrieve(paymentIntentId);
  const { kind, auto_recharge_id: autoRechargeId, organization_id: organizationId } = intent.metadata;
  if (kind !== AUTO_RECHARGE_KIND || !autoRechargeId || organizationId !== customer.organizationId) {
    return false;
  }
  const settlement = { autoRechargeId, publicUrl: stripe.publicUrl };
  if (intent.status === 'succeeded') return settleAutoRecharge(tx, settlement, { paymentIntent: intent });
  if (intent.status === 'requires_payment_method' || intent.status === 'canceled') {
    const failure = intent.last_payment_error?.message ?? 'Stripe could not charge the payment method.';
    return settleAutoRecharge(tx, settlement, { paymentIntent: intent, failure });
  }
  return false;
}
