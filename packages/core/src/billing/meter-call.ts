import type { Tx } from '@switchboard/db/tenant';
import { recordCreditsDebited } from '@switchboard/telemetry/metrics';
import { sql } from 'kysely';
import { type LedgerWriteResult, settleLedgerWrite } from './append-ledger-entry.ts';
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

/** What a debit of a call's first `seconds` writes: the cost so far, the entry's key and its reason. */
export function callDebitOf(callId: string, seconds: number, rate: CallRate) {
  return {
    totalMillicredits: callCostOf(rate, seconds),
    idempotencyKey: `call:${callId}:upto:${seconds}`,
    reason: `${seconds} s of the call at ${rate.millicreditsPerMinute} millicredits a minute`,
  };
}

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
  const { totalMillicredits: total, idempotencyKey, reason } = callDebitOf(callId, seconds, rate);
  // One round trip: the database's meter_call (migration 019) moves the call's cost forward under its row
  // lock and appends the difference through append_ledger_entry, the ledger's one writer, which moves the
  // balance only with an appended entry. The balance row (shared by all of the organization's calls) is
  // locked last, just before the commit, so concurrent calls of one organization wait on it briefly.
  const { rows } = await sql<LedgerWriteResult & { before: number | null }>`
    select * from meter_call(${organizationId}::uuid, ${callId}::uuid, ${total}::bigint,
      ${idempotencyKey}::text, ${reason}::text)`.execute(tx);
  const written = rows[0];
  if (!written || written.before === null) throw new Error(`call ${callId} does not exist`);
  const before = Number(written.before);
  if (before >= total) {
    return { totalMillicredits: before, debitedMillicredits: 0, balanceMillicredits: null };
  }
  await settleLedgerWrite(tx, organizationId, written);
  // Counted as written: a transaction that then rolls back (rare: its commit fails) is counted anyway.
  recordCreditsDebited(total - before, { kind: 'usage' });
  return {
    totalMillicredits: total,
    debitedMillicredits: total - before,
    balanceMillicredits: Number(written.balanceMillicredits),
  };
}

/** Whether a debit's outcome ends the call: the balance ran out, or the call reached its cost cap. */
export function billingLimitOf(debit: CallDebit, rate: CallRate): BillingLimit | undefined {
  if (debit.balanceMillicredits !== null && debit.balanceMillicredits <= 0) return 'credits_exhausted';
  if (rate.costCapMillicredits !== null && debit.totalMillicredits >= rate.costCapMillicredits) {
    return 'cost_cap_reached';
  }
  return undefined;
}
