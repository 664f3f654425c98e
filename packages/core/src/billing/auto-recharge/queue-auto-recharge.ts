import { randomUUID } from 'node:crypto';
import type { Tx } from '@switchboard/db/tenant';
import { enqueueJob } from '../../jobs/enqueue-job.ts';

export const AUTO_RECHARGE_TASK = 'auto_recharge';
/** Stripe being away is retried with the job runner's backoff; a declined card is not (it settles failed). */
const MAX_ATTEMPTS = 10;

/**
 * Queues one auto-recharge (a row, and the job that buys its pack: run-auto-recharge.ts) in the transaction
 * of the entry whose balance crossed below the organization's auto-recharge threshold. Called once per
 * crossing by noteBalanceLevel, under the balance row's lock.
 */
export async function queueAutoRecharge(
  tx: Tx,
  { organizationId, packId }: { organizationId: string; packId: string },
): Promise<void> {
  const id = randomUUID();
  await tx.insertInto('autoRecharges').values({ id, organizationId, packId }).execute();
  await enqueueJob(tx, AUTO_RECHARGE_TASK, { autoRechargeId: id }, MAX_ATTEMPTS);
}
