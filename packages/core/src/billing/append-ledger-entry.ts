import type { LedgerKind } from '@switchboard/contracts/billing';
import type { Tx } from '@switchboard/db/tenant';
import { sql } from 'kysely';
import { noteBalanceLevel } from './note-balance-level.ts';

export type { LedgerKind };

export interface LedgerEntryInput {
  organizationId: string;
  kind: LedgerKind;
  /** Positive adds credits, negative spends them; integer millicredits. */
  amountMillicredits: number;
  /** Globally unique, naming what the entry is for (`trial:<orgId>`, `usage:<callId>:<tick>`, …). */
  idempotencyKey: string;
  callId?: string | null;
  reason?: string | null;
  createdBy?: string | null;
}

/**
 * The two CTEs through which every credit moves, for a statement that defines `new_entry` (the entry's
 * columns, one row or none): `entry` appends it unless its key was used, and `balance` moves the cached
 * balance by its amount only when it was appended, with one atomic upsert (no read-modify-write), so
 * concurrent entries never lose an amount. `balance` also returns what the low-balance emails need: the
 * flags as they were (the upsert leaves them) and the organization's threshold.
 */
export const LEDGER_WRITE_CTES = sql`
  entry as (
    insert into credit_ledger (organization_id, kind, amount_millicredits, idempotency_key, call_id, reason, created_by)
    select organization_id, kind, amount_millicredits, idempotency_key, call_id, reason, created_by from new_entry
    on conflict (idempotency_key) do nothing
    returning organization_id, amount_millicredits),
  balance as (
    insert into credit_balances (organization_id, balance_millicredits)
    select organization_id, amount_millicredits from entry
    on conflict (organization_id) do update
      set balance_millicredits = credit_balances.balance_millicredits + excluded.balance_millicredits,
          updated_at = now()
    returning balance_millicredits, is_low, is_exhausted,
      (select low_balance_threshold_millicredits from organizations
       where organizations.id = credit_balances.organization_id) as low_balance_threshold_millicredits)`;

/** The columns a statement built on LEDGER_WRITE_CTES selects, for `settleLedgerWrite`. */
export const LEDGER_WRITE_RESULT = sql`
  (select amount_millicredits from entry) as inserted_millicredits,
  (select balance_millicredits from balance) as balance_millicredits,
  (select is_low from balance) as is_low,
  (select is_exhausted from balance) as is_exhausted,
  (select low_balance_threshold_millicredits from balance) as low_balance_threshold_millicredits`;

export interface LedgerWriteResult {
  /** The appended entry's amount; null when its key was used already (nothing moved). */
  insertedMillicredits: number | null;
  balanceMillicredits: number | null;
  isLow: boolean | null;
  isExhausted: boolean | null;
  lowBalanceThresholdMillicredits: number | null;
}

/**
 * What follows an appended entry in the same transaction: the balance's low and exhausted flags, and the
 * emails of a crossing (note-balance-level.ts). Costs nothing more unless the balance crossed a level.
 */
export async function settleLedgerWrite(
  tx: Tx,
  organizationId: string,
  written: LedgerWriteResult,
): Promise<void> {
  if (written.insertedMillicredits === null || written.balanceMillicredits === null) return;
  await noteBalanceLevel(tx, {
    organizationId,
    balanceMillicredits: Number(written.balanceMillicredits),
    isLow: written.isLow === true,
    isExhausted: written.isExhausted === true,
    lowBalanceThresholdMillicredits:
      written.lowBalanceThresholdMillicredits === null
        ? null
        : Number(written.lowBalanceThresholdMillicredits),
  });
}

/**
 * The one writer of credits: appends an entry and moves the cached balance by the same amount, in the
 * caller's transaction and one statement. A retry with a key already used inserts nothing and returns
 * `inserted: false` with the balance as it is. A balance that crosses the low-balance threshold or zero
 * queues the billing members' email in the same transaction.
 */
export async function appendLedgerEntry(
  tx: Tx,
  entry: LedgerEntryInput,
): Promise<{ inserted: boolean; balanceMillicredits: number }> {
  if (!Number.isSafeInteger(entry.amountMillicredits)) {
    throw new Error(`A ledger amount is a whole number of millicredits, not ${entry.amountMillicredits}`);
  }
  const { rows } = await sql<LedgerWriteResult & { currentMillicredits: number | null }>`
    with new_entry as (
      select ${entry.organizationId}::uuid as organization_id, ${entry.kind}::text as kind,
        ${entry.amountMillicredits}::bigint as amount_millicredits, ${entry.idempotencyKey}::text as idempotency_key,
        ${entry.callId ?? null}::uuid as call_id, ${entry.reason ?? null}::text as reason,
        ${entry.createdBy ?? null}::uuid as created_by),
    ${LEDGER_WRITE_CTES}
    select ${LEDGER_WRITE_RESULT},
      (select balance_millicredits from credit_balances
       where organization_id = ${entry.organizationId}) as current_millicredits`.execute(tx);
  const written = rows[0];
  if (!written) throw new Error('appending a ledger entry returned no row');
  await settleLedgerWrite(tx, entry.organizationId, written);
  const inserted = written.insertedMillicredits !== null;
  // The statement's snapshot predates its own upsert: `current` is the balance before, used on a retry.
  return {
    inserted,
    balanceMillicredits: Number((inserted ? written.balanceMillicredits : written.currentMillicredits) ?? 0),
  };
}
