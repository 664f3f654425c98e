import type { Database } from '@switchboard/db/database';
import { callAsTenant, type TenantTransactionOptions, withTenant } from '@switchboard/db/tenant';
import { recordCreditsDebited } from '@switchboard/telemetry/metrics';
import { sql } from 'kysely';
import type { CallRate } from './call-rate.ts';
import { type CallDebit, callDebitOf, meterCall } from './meter-call.ts';

/**
 * meterCall as the voice worker makes it while a call runs: one round trip, the database's debit_call
 * (migration 029), a statement that is its own transaction, scoped to the organization, taking the call's
 * and the balance's row locks and debiting through meter_call — same keys, same arithmetic, same
 * guarantees. A debit that moves the balance across a level (low-balance threshold, zero, auto-recharge
 * threshold: emails, webhook events and a recharge to queue in the same transaction) is left to a tenant
 * transaction with meterCall, as is an organization's first entry; debit_call writes nothing for those.
 * `statementTimeoutMs` bounds that transaction; the one-statement debit has the pool's statement timeout.
 */
export async function debitCall(
  workerDb: Database,
  {
    organizationId,
    callId,
    seconds,
    rate,
  }: { organizationId: string; callId: string; seconds: number; rate: CallRate },
  options: TenantTransactionOptions = {},
): Promise<CallDebit> {
  const { totalMillicredits: total, idempotencyKey, reason } = callDebitOf(callId, seconds, rate);
  const written = await callAsTenant<{
    before: number | null;
    balanceMillicredits: number | null;
    needsTransaction: boolean | null;
  }>(workerDb, { orgId: organizationId }, 'debit_call', [
    sql`${callId}::uuid`,
    sql`${total}::bigint`,
    sql`${idempotencyKey}::text`,
    sql`${reason}::text`,
  ]);
  if (written?.needsTransaction) {
    return withTenant(
      workerDb,
      { orgId: organizationId },
      (tx) => meterCall(tx, { organizationId, callId, seconds, rate }),
      options,
    );
  }
  if (!written || written.before === null) throw new Error(`call ${callId} does not exist`);
  const before = Number(written.before);
  if (before >= total) {
    return { totalMillicredits: before, debitedMillicredits: 0, balanceMillicredits: null };
  }
  recordCreditsDebited(total - before, { kind: 'usage' });
  return {
    totalMillicredits: total,
    debitedMillicredits: total - before,
    balanceMillicredits: Number(written.balanceMillicredits),
  };
}
