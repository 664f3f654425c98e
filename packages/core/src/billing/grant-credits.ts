import { randomUUID } from 'node:crypto';
import type { GrantCredits, GrantResult } from '@switchboard/contracts/billing';
import type { Tx } from '@switchboard/db/tenant';
import { notFound } from '../errors.ts';
import { appendLedgerEntry } from './append-ledger-entry.ts';
import { toCredits, toMillicredits } from './credits.ts';

/**
 * A platform admin grants credits to an organization by hand, with a reason kept in the ledger. A retried
 * request with the same idempotency key grants once (`granted: false` the second time). Runs on the system
 * door: the platform admin is not a member of the organization.
 */
export async function grantCredits(
  tx: Tx,
  organizationId: string,
  input: GrantCredits,
  grantedBy: string,
): Promise<GrantResult> {
  const organization = await tx
    .selectFrom('organizations')
    .select('id')
    .where('id', '=', organizationId)
    .executeTakeFirst();
  if (!organization) throw notFound('Organization');
  const { inserted, balanceMillicredits } = await appendLedgerEntry(tx, {
    organizationId,
    kind: 'manual_grant',
    amountMillicredits: toMillicredits(input.credits),
    // Scoped to the organization, so one client key used for two organizations grants to both.
    idempotencyKey: `manual_grant:${organizationId}:${input.idempotencyKey ?? randomUUID()}`,
    reason: input.reason,
    createdBy: grantedBy,
  });
  return { granted: inserted, balanceCredits: toCredits(balanceMillicredits) };
}
