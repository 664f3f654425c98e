import type { CallLimit, CallProblem } from '@switchboard/contracts/calls';
import type { Tx } from '@switchboard/db/tenant';
import { toCredits } from './credits.ts';
import { readBillingState } from './read-billing-state.ts';

/** How this installation bills: whether calls are metered at all, and who adds credits. */
export interface BillingInstallation {
  metering: boolean;
  mode: 'manual' | 'stripe';
}

const HOW_TO_ADD_CREDITS: Record<BillingInstallation['mode'], string> = {
  manual: 'ask a platform admin to grant credits to the organization',
  stripe: 'buy credits or change the plan on the Billing page',
};

/**
 * Why the organization may not start another call now: no credits, the daily spend cap reached, or the
 * concurrent-call limit reached. Each names the limit and what to change. Nothing with metering off.
 */
export async function callAdmissionProblems(
  tx: Tx,
  organizationId: string,
  billing: BillingInstallation,
  { lock = false }: { lock?: boolean } = {},
): Promise<CallProblem[]> {
  if (!billing.metering) return [];
  const state = await readBillingState(tx, organizationId, { lock });
  const limit: CallLimit = {
    balanceCredits: toCredits(state.balanceMillicredits),
    spentTodayCredits: toCredits(state.spentTodayMillicredits),
    dailySpendCapCredits:
      state.dailySpendCapMillicredits === null ? null : toCredits(state.dailySpendCapMillicredits),
    openCalls: state.openCalls,
    concurrentCallLimit: state.concurrentCallLimit,
  };
  const problems: CallProblem[] = [];
  if (state.balanceMillicredits <= 0) {
    problems.push({
      code: 'INSUFFICIENT_CREDITS',
      message: `The organization has no credits left for calls (balance ${limit.balanceCredits} credits): ${HOW_TO_ADD_CREDITS[billing.mode]}`,
      missing: [],
      limit,
    });
  }
  if (
    state.dailySpendCapMillicredits !== null &&
    state.spentTodayMillicredits >= state.dailySpendCapMillicredits
  ) {
    problems.push({
      code: 'DAILY_SPEND_CAP_REACHED',
      message: `Today's calls have used ${limit.spentTodayCredits} credits, the organization's daily spend cap of ${limit.dailySpendCapCredits}: an org admin can raise or remove the cap in the billing settings, or wait until midnight`,
      missing: [],
      limit,
    });
  }
  if (state.concurrentCallLimit !== null && state.openCalls >= state.concurrentCallLimit) {
    problems.push({
      code: 'CONCURRENT_CALL_LIMIT',
      message: `${state.openCalls} calls are in progress, the organization's limit of concurrent calls: wait for one to end, or an org admin can raise the limit in the billing settings`,
      missing: [],
      limit,
    });
  }
  return problems;
}
