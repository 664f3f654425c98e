import type { Tx } from '@switchboard/db/tenant';
import { toCredits } from './credits.ts';
import { emailBillingMembers } from './email-billing-members.ts';

export interface BalanceLevel {
  organizationId: string;
  /** The balance right after an entry moved it. */
  balanceMillicredits: number;
  /** The balance row's flags before this entry: below the threshold, at or below zero. */
  isLow: boolean;
  isExhausted: boolean;
  lowBalanceThresholdMillicredits: number | null;
}

/**
 * Keeps the balance row's flags in step with the balance, and emails the billing members when the balance
 * crosses the low-balance threshold or zero from above: once per crossing, because the flag stays set until
 * the balance is back above. Runs in the entry's transaction, which holds the balance row's lock, so two
 * entries crossing at the same moment see each other's flags and one email goes out. A balance that falls
 * through both at once gets the "exhausted" email only.
 */
export async function noteBalanceLevel(tx: Tx, level: BalanceLevel): Promise<void> {
  const { organizationId, balanceMillicredits, lowBalanceThresholdMillicredits: threshold } = level;
  const isLow = threshold !== null && balanceMillicredits < threshold;
  const isExhausted = balanceMillicredits <= 0;
  if (isLow === level.isLow && isExhausted === level.isExhausted) return;
  await tx
    .updateTable('creditBalances')
    .set({ isLow, isExhausted })
    .where('organizationId', '=', organizationId)
    .execute();
  const balanceCredits = toCredits(balanceMillicredits);
  if (isExhausted && !level.isExhausted) {
    await emailBillingMembers(tx, organizationId, (organizationName) => ({
      template: 'credits-exhausted',
      data: { organizationName, balanceCredits },
    }));
  } else if (isLow && !level.isLow && threshold !== null) {
    await emailBillingMembers(tx, organizationId, (organizationName) => ({
      template: 'credits-low',
      data: { organizationName, balanceCredits, thresholdCredits: toCredits(threshold) },
    }));
  }
}
