import type { Tx } from '@switchboard/db/tenant';
import { emailMembersHolding } from '../email/email-members-holding.ts';
import { enqueueWebhookEvent } from '../webhooks/enqueue-webhook-event.ts';
import { queueAutoRecharge } from './auto-recharge/queue-auto-recharge.ts';
import { toCredits } from './credits.ts';

export interface BalanceLevel {
  organizationId: string;
  /** The balance right after an entry moved it. */
  balanceMillicredits: number;
  /** The balance row's flags before this entry: below the threshold, at or below zero. */
  isLow: boolean;
  isExhausted: boolean;
  lowBalanceThresholdMillicredits: number | null;
  /** The flag of auto-recharge before this entry: below its threshold. */
  isBelowRecharge: boolean;
  /** The organization's auto-recharge, when it is on. */
  autoRecharge: { packId: string; thresholdMillicredits: number } | null;
}

/**
 * Keeps the balance row's flags in step with the balance, and emails the billing members when the balance
 * crosses the low-balance threshold or zero from above: once per crossing, because the flag stays set until
 * the balance is back above. Runs in the entry's transaction, which holds the balance row's lock, so two
 * entries crossing at the same moment see each other's flags and one email goes out. A balance that falls
 * through both at once gets the "exhausted" email only. Crossing below the auto-recharge threshold queues
 * one auto-recharge the same way (auto-recharge/queue-auto-recharge.ts), and crossing below the low-balance
 * threshold queues the credits.low webhook event (also when it falls through zero at once).
 */
export async function noteBalanceLevel(tx: Tx, level: BalanceLevel): Promise<void> {
  const { organizationId, balanceMillicredits, lowBalanceThresholdMillicredits: threshold } = level;
  const isLow = threshold !== null && balanceMillicredits < threshold;
  const isExhausted = balanceMillicredits <= 0;
  const { autoRecharge } = level;
  const isBelowRecharge = autoRecharge !== null && balanceMillicredits < autoRecharge.thresholdMillicredits;
  if (
    isLow === level.isLow &&
    isExhausted === level.isExhausted &&
    isBelowRecharge === level.isBelowRecharge
  ) {
    return;
  }
  await tx
    .updateTable('creditBalances')
    .set({ isLow, isExhausted, isBelowRecharge })
    .where('organizationId', '=', organizationId)
    .execute();
  if (isBelowRecharge && !level.isBelowRecharge && autoRecharge !== null) {
    await queueAutoRecharge(tx, { organizationId, packId: autoRecharge.packId });
  }
  const balanceCredits = toCredits(balanceMillicredits);
  if (isLow && !level.isLow && threshold !== null) {
    await enqueueWebhookEvent(tx, {
      organizationId,
      type: 'credits.low',
      data: { organizationId, balanceCredits, thresholdCredits: toCredits(threshold), isExhausted },
    });
  }
  if (isExhausted && !level.isExhausted) {
    await emailMembersHolding(tx, organizationId, 'billing:manage', (organizationName) => ({
      template: 'credits-exhausted',
      data: { organizationName, balanceCredits },
    }));
  } else if (isLow && !level.isLow && threshold !== null) {
    await emailMembersHolding(tx, organizationId, 'billing:manage', (organizationName) => ({
      template: 'credits-low',
      data: { organizationName, balanceCredits, thresholdCredits: toCredits(threshold) },
    }));
  }
}
