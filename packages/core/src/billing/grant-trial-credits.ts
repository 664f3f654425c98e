import type { Tx } from '@switchboard/db/tenant';
import { appendLedgerEntry } from './append-ledger-entry.ts';

/**
 * The credits a new organization starts with (BILLING_TRIAL_CREDITS). Keyed by the organization, so it is
 * granted once however often this runs.
 */
export async function grantTrialCredits(tx: Tx, organizationId: string, millicredits: number): Promise<void> {
  if (millicredits <= 0) return;
  await appendLedgerEntry(tx, {
    organizationId,
    kind: 'trial',
    amountMillicredits: millicredits,
    idempotencyKey: `trial:${organizationId}`,
    reason: 'Trial credits for a new organization',
  });
}
