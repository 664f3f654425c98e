import type { PackCheckout, StripeRedirect } from '@switchboard/contracts/billing-stripe';
import type { OrgScope } from '../../access/actor.ts';
import { AppError, notFound } from '../../errors.ts';
import { findCreditPack } from './billing-plans.ts';
import { billingPageUrl } from './billing-urls.ts';
import { ensureStripeCustomer } from './ensure-stripe-customer.ts';
import { askStripe, type StripeBilling } from './stripe-client.ts';

/** Metadata that marks a Checkout as a credit pack purchase; the webhook grants what it names. */
export const CREDIT_PACK_KIND = 'credit_pack';

/**
 * Opens a Stripe Checkout to buy a credit pack once. The credits travel in the session's metadata (only
 * this server's key can write it), so the buyer gets what was offered even if the pack changes meanwhile.
 */
export async function startPackCheckout(
  { tx, membership }: OrgScope,
  stripe: StripeBilling,
  input: PackCheckout,
): Promise<StripeRedirect> {
  const organizationId = membership.organizationId;
  const pack = await findCreditPack(tx, input.packId);
  if (!pack?.isActive) throw notFound('Credit pack');
  const customer = await ensureStripeCustomer(tx, stripe.client, organizationId);
  const session = await askStripe(() =>
    stripe.client.checkout.sessions.create({
      mode: 'payment',
      customer,
      client_reference_id: organizationId,
      line_items: [{ price: pack.stripePriceId, quantity: 1 }],
      // Keeps the card on the customer for later off-session charges: auto-recharge buys with it.
      payment_intent_data: { setup_future_usage: 'off_session' },
      metadata: {
        kind: CREDIT_PACK_KIND,
        organization_id: organizationId,
        pack_id: pack.id,
        pack_name: pack.name,
        credits_millicredits: String(pack.creditsMillicredits),
      },
      success_url: billingPageUrl(stripe.publicUrl, organizationId, '?checkout=success'),
      cancel_url: billingPageUrl(stripe.publicUrl, organizationId, '?checkout=canceled'),
    }),
  );
  if (!session.url) throw new AppError('PAYMENT_PROVIDER_ERROR', 'Stripe opened a Checkout without a page');
  return { url: session.url };
}
