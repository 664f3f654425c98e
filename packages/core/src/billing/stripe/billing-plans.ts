import type { BillingPlan, CreditPack } from '@switchboard/contracts/billing-stripe';
import type { Tx } from '@switchboard/db/tenant';
import { toCredits } from '../credits.ts';

const PLAN_COLUMNS = [
  'id',
  'name',
  'monthlyPriceCents',
  'currency',
  'creditsPerPeriodMillicredits',
  'concurrentCalls',
  'stripePriceId',
  'isActive',
] as const;

const PACK_COLUMNS = [
  'id',
  'name',
  'creditsMillicredits',
  'priceCents',
  'currency',
  'stripePriceId',
  'isActive',
] as const;

/** Plans, cheapest first; `activeOnly` for what an organization may subscribe to. */
export async function listBillingPlans(
  tx: Tx,
  { activeOnly }: { activeOnly: boolean },
): Promise<BillingPlan[]> {
  let query = tx.selectFrom('billingPlans').select(PLAN_COLUMNS);
  if (activeOnly) query = query.where('isActive', '=', true);
  const rows = await query.orderBy('monthlyPriceCents').orderBy('name').execute();
  return rows.map(toBillingPlan);
}

/** Credit packs, smallest first; `activeOnly` for what an organization may buy. */
export async function listCreditPacks(
  tx: Tx,
  { activeOnly }: { activeOnly: boolean },
): Promise<CreditPack[]> {
  let query = tx.selectFrom('creditPacks').select(PACK_COLUMNS);
  if (activeOnly) query = query.where('isActive', '=', true);
  const rows = await query.orderBy('creditsMillicredits').orderBy('name').execute();
  return rows.map(toCreditPack);
}

export async function findBillingPlan(tx: Tx, where: { id: string } | { stripePriceId: string }) {
  const row = await tx
    .selectFrom('billingPlans')
    .select(PLAN_COLUMNS)
    .$call((q) =>
      'id' in where ? q.where('id', '=', where.id) : q.where('stripePriceId', '=', where.stripePriceId),
    )
    .executeTakeFirst();
  return (
    row && { ...toBillingPlan(row), creditsPerPeriodMillicredits: Number(row.creditsPerPeriodMillicredits) }
  );
}

export async function findCreditPack(tx: Tx, id: string) {
  const row = await tx.selectFrom('creditPacks').select(PACK_COLUMNS).where('id', '=', id).executeTakeFirst();
  return row && { ...toCreditPack(row), creditsMillicredits: Number(row.creditsMillicredits) };
}

function toBillingPlan(row: {
  id: string;
  name: string;
  monthlyPriceCents: number;
  currency: string;
  creditsPerPeriodMillicredits: string | number | bigint;
  concurrentCalls: number;
  stripePriceId: string;
  isActive: boolean;
}): BillingPlan {
  return {
    id: row.id,
    name: row.name,
    monthlyPriceCents: row.monthlyPriceCents,
    currency: row.currency,
    creditsPerPeriod: toCredits(row.creditsPerPeriodMillicredits),
    concurrentCalls: row.concurrentCalls,
    stripePriceId: row.stripePriceId,
    isActive: row.isActive,
  };
}

function toCreditPack(row: {
  id: string;
  name: string;
  creditsMillicredits: string | number | bigint;
  priceCents: number;
  currency: string;
  stripePriceId: string;
  isActive: boolean;
}): CreditPack {
  return {
    id: row.id,
    name: row.name,
    credits: toCredits(row.creditsMillicredits),
    priceCents: row.priceCents,
    currency: row.currency,
    stripePriceId: row.stripePriceId,
    isActive: row.isActive,
  };
}
