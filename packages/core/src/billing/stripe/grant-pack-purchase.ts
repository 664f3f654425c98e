import type { Tx } from '@switchboard/db/tenant';
import type Stripe from 'stripe';
import { appendLedgerEntry } from '../append-ledger-entry.ts';
import { CREDIT_PACK_KIND } from './start-pack-checkout.ts';
import type { LockedCustomer } from './sync-subscription.ts';

/**
 * A paid credit pack Checkout (re-read from Stripe) grants the credits it was opened with, once per
 * session (ledger key `stripe:checkout:<session id>`), whether `completed` or a delayed payment's
 * `async_payment_succeeded` says so, and however often.
 */
export async function grantPackPurchase(
  tx: Tx,
  customer: LockedCustomer,
  session: Stripe.Checkout.Session,
): Promise<boolean> {
  const metadata = session.metadata ?? {};
  const millicredits = Number(metadata.credits_millicredits);
  if (
    session.mode !== 'payment' ||
    session.payment_status !== 'paid' ||
    metadata.kind !== CREDIT_PACK_KIND ||
    metadata.organization_id !== customer.organizationId ||
    !Number.isSafeInteger(millicredits) ||
    millicredits <= 0
  ) {
    return false;
  }
  await appendLedgerEntry(tx, {
    organizationId: customer.organizationId,
    kind: 'purchase',
    amountMillicredits: millicredits,
    idempotencyKey: `stripe:checkout:${session.id}`,
    reason: `Credit pack "${metadata.pack_name ?? metadata.pack_id ?? ''}" bought through Stripe Checkout`,
  });
  return true;
}
