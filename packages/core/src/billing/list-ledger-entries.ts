import type { LedgerEntry, LedgerKind, LedgerPage, ListLedgerQuery } from '@switchboard/contracts/billing';
import type { Tx } from '@switchboard/db/tenant';
import { sql } from 'kysely';
import { toCredits } from './credits.ts';

/**
 * One page of an organization's ledger, newest first. The cursor is the last entry's id, so a page is
 * stable while new entries arrive. `tx` is a tenant transaction or the platform admin's system door.
 */
export async function listLedgerEntries(
  tx: Tx,
  organizationId: string,
  { before, limit }: ListLedgerQuery,
): Promise<LedgerPage> {
  let query = tx
    .selectFrom('creditLedger')
    .select(['id', 'kind', 'amountMillicredits', 'callId', 'reason', 'createdBy', 'createdAt'])
    .where('organizationId', '=', organizationId)
    .orderBy('createdAt', 'desc')
    .orderBy('id', 'desc')
    .limit(limit + 1);
  if (before) {
    // Row comparison in one step: the entries strictly older than the cursor entry (ties broken by id).
    query = query.where(
      sql<boolean>`(created_at, id) < (select c.created_at, c.id from credit_ledger c
                                      where c.id = ${before} and c.organization_id = ${organizationId})`,
    );
  }
  const rows = await query.execute();
  const entries: LedgerEntry[] = rows.slice(0, limit).map((row) => ({
    id: row.id,
    kind: row.kind as LedgerKind,
    amountCredits: toCredits(row.amountMillicredits),
    callId: row.callId,
    reason: row.reason,
    createdBy: row.createdBy,
    createdAt: row.createdAt.toISOString(),
  }));
  return { entries, nextCursor: rows.length > limit ? (entries.at(-1)?.id ?? null) : null };
}
