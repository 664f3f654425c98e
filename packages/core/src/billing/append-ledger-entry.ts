import type { LedgerKind } from '@switchboard/contracts/billing';
import type { Tx } from '@switchboard/db/tenant';
import { sql } from 'kysely';

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
 * The one writer of credits: appends an entry and moves the cached balance by the same amount, in the
 * caller's transaction. A retry with a key already used inserts nothing and returns `inserted: false`. The
 * balance moves with one atomic upsert (no read-modify-write), so concurrent entries never lose an amount.
 */
export async function appendLedgerEntry(
  tx: Tx,
  entry: LedgerEntryInput,
): Promise<{ inserted: boolean; balanceMillicredits: number }> {
  if (!Number.isSafeInteger(entry.amountMillicredits)) {
    throw new Error(`A ledger amount is a whole number of millicredits, not ${entry.amountMillicredits}`);
  }
  const inserted = await tx
    .insertInto('creditLedger')
    .values({
      organizationId: entry.organizationId,
      kind: entry.kind,
      amountMillicredits: entry.amountMillicredits,
      idempotencyKey: entry.idempotencyKey,
      callId: entry.callId ?? null,
      reason: entry.reason ?? null,
      createdBy: entry.createdBy ?? null,
    })
    .onConflict((oc) => oc.column('idempotencyKey').doNothing())
    .returning('id')
    .executeTakeFirst();
  if (!inserted) {
    const current = await tx
      .selectFrom('creditBalances')
      .select('balanceMillicredits')
      .where('organizationId', '=', entry.organizationId)
      .executeTakeFirst();
    return { inserted: false, balanceMillicredits: Number(current?.balanceMillicredits ?? 0) };
  }
  const balance = await tx
    .insertInto('creditBalances')
    .values({ organizationId: entry.organizationId, balanceMillicredits: entry.amountMillicredits })
    .onConflict((oc) =>
      oc.column('organizationId').doUpdateSet({
        balanceMillicredits: sql`credit_balances.balance_millicredits + excluded.balance_millicredits`,
        updatedAt: sql`now()`,
      }),
    )
    .returning('balanceMillicredits')
    .executeTakeFirstOrThrow();
  return { inserted: true, balanceMillicredits: Number(balance.balanceMillicredits) };
}
