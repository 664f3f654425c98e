import type { BillingPlan, CreateBillingPlan } from '@switchboard/contracts/billing-stripe';
import type { Tx } from '@switchboard/db/tenant';
import { toMillicredits } from '../credits.ts';
import { findBillingPlan } from './billing-plans.ts';
import { refusingPriceReuse } from './stripe-price-conflict.ts';

/** A platform admin offers a plan, mapped to a recurring monthly Stripe Price created in Stripe first. */
export async function createBillingPlan(
  tx: Tx,
  input: CreateBillingPlan,
  createdBy: string,
): Promise<BillingPlan> {
  const { id } = await refusingPriceReuse(() =>
    tx
      .insertInto('billingPlans')
      .values({
        name: input.name,
        monthlyPriceCents: input.monthlyPriceCents,
        currency: input.currency,
        creditsPerPeriodMillicredits: toMillicredits(input.creditsPerPeriod),
        concurrentCalls: input.concurrentCalls,
        stripePriceId: input.stripePriceId,
        isActive: input.isActive,
        updatedBy: createdBy,
      })
      .returning('id')
      .executeTakeFirstOrThrow(),
  );
  const { creditsPerPeriodMillicredits: _, ...plan } = (await findBillingPlan(tx, { id }))!;
  return plan;
}
