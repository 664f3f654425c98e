import type { BillingSettings, UpdateBillingSettings } from '@switchboard/contracts/billing';
import type { OrgScope } from '../access/actor.ts';
import { toMillicredits } from './credits.ts';
import { toBillingSettings } from './to-billing-settings.ts';

const millicredits = (credits: number | null | undefined) =>
  credits === undefined ? undefined : credits === null ? null : toMillicredits(credits);

/** Sets the organization's spend guardrails; a field left out keeps its value, null removes the cap. */
export async function updateBillingSettings(
  { tx, membership }: OrgScope,
  input: UpdateBillingSettings,
): Promise<BillingSettings> {
  const changes = {
    dailySpendCapMillicredits: millicredits(input.dailySpendCapCredits),
    callCostCapMillicredits: millicredits(input.callCostCapCredits),
    concurrentCallLimit: input.concurrentCallLimit,
    lowBalanceThresholdMillicredits: millicredits(input.lowBalanceThresholdCredits),
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
    ])
    .executeTakeFirstOrThrow();
  return toBillingSettings(row);
}
