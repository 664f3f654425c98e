import type { BillingSummary } from '@switchboard/contracts/billing';
import type { OrgScope } from '../access/actor.ts';
import type { BillingInstallation } from './call-admission-problems.ts';
import { toCredits } from './credits.ts';
import { readBillingState } from './read-billing-state.ts';
import { toBillingSettings } from './to-billing-settings.ts';

/** The balance for every member; spending, open calls and caps only for those who may read billing. */
export async function getBillingSummary(
  { tx, membership }: Pick<OrgScope, 'tx' | 'membership'>,
  installation: BillingInstallation,
): Promise<BillingSummary> {
  const state = await readBillingState(tx, membership.organizationId);
  return {
    balanceCredits: toCredits(state.balanceMillicredits),
    metering: installation.metering,
    details: membership.permissions.includes('billing:read')
      ? {
          mode: installation.mode,
          spentTodayCredits: toCredits(state.spentTodayMillicredits),
          openCalls: state.openCalls,
          settings: toBillingSettings(state),
        }
      : null,
  };
}
