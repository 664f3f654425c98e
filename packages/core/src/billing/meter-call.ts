import type { Tx } from '@switchboard/db/tenant';
import { sql } from 'kysely';
import { appendLedgerEntry } from './append-ledger-entry.ts';
import type { CallRate } from './call-rate.ts';

export interface CallDebit {
  /** What the call has cost so far: the sum of its usage entries, and its `cost_millicredits`. */
  totalMillicredits: number;
  /** What this write debited; 0 when these seconds were debited already (a retry, a late attempt). */
  debitedMillicredits: number;
  /** The organization's balance right after this debit; null when nothing was debited. */
  balanceMillicredits: number | null;
}

/** Why billing ends a call; both are end reasons (END_REASONS). */
export type BillingLimit = 'credits_exhausted' | 'cost_cap_reached';

/** What the first `seconds` of a call cost, rounded to the millicredit. */
export const callCostOf = (rate: CallRate, seconds: number) =>
  Math.round((rate.millicreditsPerMinute * seconds) / 60);

/**
 * Debits the call's seconds up to `seconds` (whole seconds of the call so far) not yet debited, as one usage
 * entry keyed `call:<callId>:upto:<seconds>`, and sets the call's cost to the total. The debit is the
 * cost so far minus what the call's row says was debited, read under the call's row lock, so the debits of
 * a call always add up to the cost of its last `seconds` exactly: a retry, a late attempt of an earlier
 * period, or two writers (the worker and the sweeper) debit nothing twice, and a period whose write was
 * lost is covered by the next one.
 */
export async function meterCall(
  tx: Tx,
  {
    organizationId,
    callId,
    seconds,
    rate,
  }: { organizationId: string; callId: string; seconds: number; rate: CallRate },
): Promise<CallDebit> {
  const total = callCostOf(rate, seconds);
  // One statement takes the call's row lock, reads what was debited before and moves the cost on, only if
  // these seconds cost more. The balance row (shared by all of the organization's calls) is locked last,
  // just before the commit, so concurrent calls of one organization wait on it as briefly as possible.
  const { rows } = await sql<{ before: number | string }>`
    update calls set cost_millicredits = ${total}
    from (select id, coalesce(cost_millicredits, 0) as before from calls where id = ${callId} for update) previous
    where calls.id = previous.id and previous.before < ${total}
    returning previous.before`.execute(tx);
  const moved = rows[0];
  if (!moved) {
    const call = await tx
      .selectFrom('calls')
      .select('costMillicredits')
      .where('id', '=', callId)
      .executeTakeFirstOrThrow();
    return {
      totalMillicredits: Number(call.costMillicredits ?? 0),
      debitedMillicredits: 0,
      balanceMillicredits: null,
    };
  }
  const amount = total - Number(moved.before);
  const { inserted, balanceMillicredits } = await appendLedgerEntry(tx, {
    organizationId,
    kind: 'usage',
    amountMillicredits: -amount,
    idempotencyKey: `call:${callId}:upto:${seconds}`,
    callId,
    reason: `${seconds} s of the call at ${rate.millicreditsPerMinute} millicredits a minute`,
  });
  // The key was used, yet the call's cost is behind it: only a hand-edited row gets here. The ledger wins;
  // failing rolls the cost back and reports it.
  if (!inserted)
    throw new Error(`call ${callId}: ${seconds} s were debited already, but its cost says otherwise`);
  return { totalMillicredits: total, debitedMillicredits: amount, balanceMillicredits };
}

/** Whether a debit's outcome ends the call: the balance ran out, or the call reached its cost cap. */
export function billingLimitOf(debit: CallDebit, rate: CallRate): BillingLimit | undefined {
  if (debit.balanceMillicredits !== null && debit.balanceMillicredits <= 0) return 'credits_exhausted';
  if (rate.costCapMillicredits !== null && debit.totalMillicredits >= rate.costCapMillicredits) {
    return 'cost_cap_reached';
  }
  return undefined;
}
