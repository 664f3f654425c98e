import type { BillingMode, BillingSettings, UpdateBillingSettings } from '@switchboard/contracts/billing';
import type { OrgScope } from '../access/actor.ts';
import { AppError } from '../errors.ts';
import { toMillicredits } from './credits.ts';
import { toBillingSettings } from './to-billing-settings.ts';

const millicredits = (credits: number | null | undefined) =>
  credits === undefined ? undefined : credits === null ? null : toMillicredits(credits);

/**
 * Sets the organization's spend guardrails and auto-recharge; a field left out keeps its value, null
 * removes the cap (or turns auto-recharge off). Auto-recharge buys through Stripe: refused in manual mode,
 * and its pack must be one on offer.
 */
export async function updateBillingSettings(
  { tx, membership }: OrgScope,
  input: UpdateBillingSettings,
  installation: { mode: BillingMode },
): Promise<BillingSettings> {
  const { autoRecharge } = input;
  if (autoRecharge && installation.mode !== 'stripe') {
    throw new AppError(
      'VALIDATION_ERROR',
      'Auto-recharge buys credit packs through Stripe, and Stripe is not configured on this installation (manual billing): ask a platform admin for credits',
      [{ path: 'autoRecharge', message: 'Needs Stripe, which is not configured on this installation' }],
    );
  }
  if (autoRecharge) {
    const pack = await tx
      .selectFrom('creditPacks')
      .select('id')
      .where('id', '=', autoRecharge.packId)
      .where('isActive', '=', true)
      .executeTakeFirst();
    if (!pack) {
      throw new AppError('VALIDATION_ERROR', 'This credit pack is not on offer', [
        { path: 'autoRecharge.packId', message: 'Choose one of the credit packs on offer' },
      ]);
    }
  }
  const changes = {
    dailySpendCapMillicredits: millicredits(input.dailySpendCapCredits),
    callCostCapMillicredits: millicredits(input.callCostCapCredits),
    concurrentCallLimit: input.concurrentCallLimit,
    lowBalanceThresholdMillicredits: millicredits(input.lowBalanceThresholdCredits),
    autoRechargePackId: autoRecharge === undefined ? undefined : (autoRecharge?.packId ?? null),
    autoRechargeThresholdMillicredits:
      autoRecharge === undefined ? undefined : millicredits(autoRecharge?.thresholdCredits ?? null),
  };
  const row = await tx
    .updateTable('organizations')
    .set({
      ...Object.fromEntries(Object.entries(changes).filter(([, value]) => value !== undefined)),
      updatedAt: new Date(),
    })
    .where('id', '=', membership.organizationId)
    .returning([
      'dailySpendCapMillicredits',
      'callCostCapMillicredits',
      'concurrentCallLimit',
      'lowBalanceThresholdMillicredits',
      'autoRechargePackId',
      'autoRechargeThresholdMillicredits',
    ])
    .executeTakeFirstOrThrow();
  return toBillingSettings(row);
}
