import type { BillingSettings } from '@switchboard/contracts/billing';
import { toCredits } from './credits.ts';

const credits = (millicredits: number | string | null) =>
  millicredits === null ? null : toCredits(millicredits);

/** An organization's guardrail columns as the API shows them. */
export function toBillingSettings(row: {
  dailySpendCapMillicredits: number | string | null;
  callCostCapMillicredits: number | string | null;
  concurrentCallLimit: number | null;
  lowBalanceThresholdMillicredits: number | string | null;
  autoRechargePackId: string | null;
  autoRechargeThresholdMillicredits: number | string | null;
}): BillingSettings {
  return {
    dailySpendCapCredits: credits(row.dailySpendCapMillicredits),
    callCostCapCredits: credits(row.callCostCapMillicredits),
    concurrentCallLimit: row.concurrentCallLimit,
    lowBalanceThresholdCredits: credits(row.lowBalanceThresholdMillicredits),
    autoRecharge:
      row.autoRechargePackId === null || row.autoRechargeThresholdMillicredits === null
        ? null
        : {
            packId: row.autoRechargePackId,
            thresholdCredits: toCredits(row.autoRechargeThresholdMillicredits),
          },
  };
}
