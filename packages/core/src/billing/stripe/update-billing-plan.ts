import type { BillingPlan, UpdateBillingPlan } from '@switchboard/contracts/billing-stripe';
import type { Tx } from '@switchboard/db/tenant';
import { notFound } from '../../errors.ts';
import { toMillicredits } from '../credits.ts';
import { findBillingPlan } from './billing-plans.ts';
import { refusingPriceReuse } from './stripe-price-conflict.ts';

/**
 * Changes a plan; fields left out keep their value. A new credit amount or concurrency applies from each
 * subscriber's next paid invoice or sync; plans are withdrawn (isActive false), never deleted, because
 * subscriptions refer to them.
 */
export async function updateBillingPlan(
  tx: Tx,
  planId: string,
  input: UpdateBillingPlan,
  updatedBy: string,
): Promise<BillingPlan> {
  const changes = {
    name: input.name,
    monthlyPriceCents: input.monthlyPriceCents,
    currency: input.currency,
    creditsPerPeriodMillicredits:
      input.creditsPerPeriod === undefined ? undefined : toMillicredits(input.creditsPerPeriod),
    concurrentCalls: input.concurrentCalls,
    stripePriceId: input.stripePriceId,
    isActive: input.isActive,
  };
  const updated = await refusingPriceReuse(() =>
    tx
      .updateTable('billingPlans')
      .set({
        ...Object.fromEntries(Object.entries(changes).filter(([, value]) => value !== undefined)),
        updatedBy,
        updatedAt: new Date(),
      })
      .where('id', '=', planId)
      .returning('id')
      .executeTakeFirst(),
  );
  if (!updated) throw notFound('Plan');
  const { creditsPerPeriodMillicredits: _, ...plan } = (await findBillingPlan(tx, { id: planId }))!;
  return plan;
}
