import type { BillingOffers, Subscription, SubscriptionStatus } from '@switchboard/contracts/billing-stripe';
import type { Tx } from '@switchboard/db/tenant';
import { listBillingPlans, listCreditPacks } from './billing-plans.ts';

/** The organization's subscription and what it can buy: the active plans and credit packs. */
export async function getBillingOffers(tx: Tx, organizationId: string): Promise<BillingOffers> {
  const row = await tx
    .selectFrom('billingSubscriptions')
    .leftJoin('billingPlans', 'billingPlans.id', 'billingSubscriptions.planId')
    .select([
      'billingSubscriptions.planId',
      'billingPlans.name as planName',
      'billingSubscriptions.status',
      'billingSubscriptions.currentPeriodStart',
      'billingSubscriptions.currentPeriodEnd',
      'billingSubscriptions.cancelAtPeriodEnd',
    ])
    .where('billingSubscriptions.organizationId', '=', organizationId)
    .executeTakeFirst();
  const subscription: Subscription | null =
    row?.status == null
      ? null
      : {
          planId: row.planId,
          planName: row.planName,
          status: row.status as SubscriptionStatus,
          currentPeriodStart: row.currentPeriodStart?.toISOString() ?? null,
          currentPeriodEnd: row.currentPeriodEnd?.toISOString() ?? null,
          cancelAtPeriodEnd: row.cancelAtPeriodEnd,
        };
  return {
    subscription,
    plans: await listBillingPlans(tx, { activeOnly: true }),
    packs: await listCreditPacks(tx, { activeOnly: true }),
  };
}
