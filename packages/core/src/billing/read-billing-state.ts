import type { Tx } from '@switchboard/db/tenant';
import { sql } from 'kysely';

/** An organization's balance, guardrails and what counts against them right now, in millicredits. */
export interface BillingState {
  balanceMillicredits: number;
  /** Usage debited since midnight in the organization's time zone. */
  spentTodayMillicredits: number;
  /** Calls created or running (not ended). */
  openCalls: number;
  dailySpendCapMillicredits: number | null;
  callCostCapMillicredits: number | null;
  concurrentCallLimit: number | null;
  lowBalanceThresholdMillicredits: number | null;
  /** Both set, or both null (auto-recharge off). */
  autoRechargePackId: string | null;
  autoRechargeThresholdMillicredits: number | null;
}

/**
 * Everything admission and the billing summary need, in one statement. `lock` first takes the organization's
 * row until the transaction ends, so two calls starting at once are admitted one after the other and the
 * concurrent-call limit holds exactly. The lock is its own statement on purpose: a statement that waits for
 * a row lock keeps the snapshot it started with, so counting open calls in the locking statement itself
 * would miss the call the other transaction just committed.
 */
export async function readBillingState(
  tx: Tx,
  organizationId: string,
  { lock = false }: { lock?: boolean } = {},
): Promise<BillingState> {
  if (lock) {
    await sql`select 1 from organizations where id = ${organizationId} for no key update`.execute(tx);
  }
  const { rows } = await sql<Record<keyof BillingState, string | number | null>>`
    select coalesce(b.balance_millicredits, 0) as "balanceMillicredits",
           (select coalesce(-sum(l.amount_millicredits), 0)
              from credit_ledger l
             where l.organization_id = o.id and l.kind = 'usage'
               and l.created_at >= (date_trunc('day', now() at time zone o.time_zone) at time zone o.time_zone)
           ) as "spentTodayMillicredits",
           (select count(*) from calls c where c.organization_id = o.id and c.status in ('created', 'active'))
             as "openCalls",
           o.daily_spend_cap_millicredits as "dailySpendCapMillicredits",
           o.call_cost_cap_millicredits as "callCostCapMillicredits",
           o.concurrent_call_limit as "concurrentCallLimit",
           o.low_balance_threshold_millicredits as "lowBalanceThresholdMillicredits",
           o.auto_recharge_pack_id as "autoRechargePackId",
           o.auto_recharge_threshold_millicredits as "autoRechargeThresholdMillicredits"
      from organizations o
      left join credit_balances b on b.organization_id = o.id
     where o.id = ${organizationId}`.execute(tx);
  const row = rows[0];
  if (!row) throw new Error(`Organization ${organizationId} is not visible in this transaction`);
  const number = (value: string | number | null) => (value === null ? null : Number(value));
  return {
    balanceMillicredits: Number(row.balanceMillicredits),
    spentTodayMillicredits: Number(row.spentTodayMillicredits),
    openCalls: Number(row.openCalls),
    dailySpendCapMillicredits: number(row.dailySpendCapMillicredits),
    callCostCapMillicredits: number(row.callCostCapMillicredits),
    concurrentCallLimit: number(row.concurrentCallLimit),
    lowBalanceThresholdMillicredits: number(row.lowBalanceThresholdMillicredits),
    autoRechargePackId: row.autoRechargePackId === null ? null : String(row.autoRechargePackId),
    autoRechargeThresholdMillicredits: number(row.autoRechargeThresholdMillicredits),
  };
}
