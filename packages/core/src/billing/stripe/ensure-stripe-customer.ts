import type { Tx } from '@switchboard/db/tenant';
import type Stripe from 'stripe';
import { askStripe } from './stripe-client.ts';

/**
 * The organization's Stripe customer, created on first need and remembered. Stripe's idempotency key makes
 * two first requests at once get the same customer; the row's primary key keeps one of the inserts.
 */
export async function ensureStripeCustomer(tx: Tx, stripe: Stripe, organizationId: string): Promise<string> {
  const existing = await tx
    .selectFrom('billingSubscriptions')
    .select('stripeCustomerId')
    .where('organizationId', '=', organizationId)
    .executeTakeFirst();
  if (existing) return existing.stripeCustomerId;
  const organization = await tx
    .selectFrom('organizations')
    .select('name')
    .where('id', '=', organizationId)
    .executeTakeFirstOrThrow();
  const customer = await askStripe(() =>
    stripe.customers.create(
      { name: organization.name, metadata: { organization_id: organizationId } },
      { idempotencyKey: `switchboard-customer-${organizationId}` },
    ),
  );
  await tx
    .insertInto('billingSubscriptions')
    .values({ organizationId, stripeCustomerId: customer.id })
    .onConflict((oc) => oc.column('organizationId').doNothing())
    .execute();
  const row = await tx
    .selectFrom('billingSubscriptions')
    .select('stripeCustomerId')
    .where('organizationId', '=', organizationId)
    .executeTakeFirstOrThrow();
  return row.stripeCustomerId;
}
