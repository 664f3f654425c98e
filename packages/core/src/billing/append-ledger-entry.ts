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

/** What the database's `append_ledger_entry` answers (and `meter_call`, which appends through it). */
export interface LedgerWriteResult {
  /** The appended entry's amount; null when its key was used already (nothing moved). */
  insertedMillicredits: number | null;
  balanceMillicredits: number | null;
  isLow: boolean | null;
  isExhausted: boolean | null;
  lowBalanceThresholdMillicredits: number | null;
  isBelowRecharge: boolean | null;
  autoRechargeThresholdMillicredits: number | null;
  autoRechargePackId: string | null;
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
    isBelowRecharge: written.isBelowRecharge === true,
    autoRecharge:
      written.autoRechargePackId === null || written.autoRechargeThresholdMillicredits === null
        ? null
        : {
            packId: written.autoRechargePackId,
            thresholdMillicredits: Number(written.autoRechargeThresholdMillicredits),
          },
  });
}

/**
 * The one writer of credits: appends an entry and moves the cached balance by the same amount, in the
 * caller's transaction and one statement (the database's `append_ledger_entry`; `meter_call` appends
 * through it too). A retry with a key already used inserts nothing and returns
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
  // The rule itself is the database function append_ledger_entry (migration 019): the entry unless its key
  // was used, then the balance by an atomic upsert only with an appended entry. A function keeps its plans
  // per connection, so a write is one short statement instead of a large one planned every time.
  const { rows } = await sql<LedgerWriteResult & { currentMillicredits: number | null }>`
    select * from append_ledger_entry(${entry.organizationId}::uuid, ${entry.kind}::text,
      ${entry.amountMillicredits}::bigint, ${entry.idempotencyKey}::text, ${entry.callId ?? null}::uuid,
      ${entry.reason ?? null}::text, ${entry.createdBy ?? null}::uuid)`.execute(tx);
  const written = rows[0];
  if (!written) throw new Error('appending a ledger entry returned no row');
  await settleLedgerWrite(tx, entry.organizationId, written);
  const inserted = written.insertedMillicredits !== null;
  return {
    inserted,
    balanceMillicredits: Number((inserted ? written.balanceMillicredits : written.currentMillicredits) ?? 0),
  };
}
