import type { FailedEmail } from '@switchboard/contracts/email-outbox';
import type { Tx } from '@switchboard/db/tenant';

/** The newest emails marked failed, across the installation; run in a system transaction. */
export async function listFailedEmails(tx: Tx): Promise<FailedEmail[]> {
  const rows = await tx
    .selectFrom('emailOutbox')
    .select([
      'id',
      'organizationId',
      'template',
      'toAddress',
      'subject',
      'attempts',
      'lastError',
      'createdAt',
      'failedAt',
    ])
    .where('status', '=', 'failed')
    .orderBy('failedAt', 'desc')
    .limit(200)
    .execute();
  return rows.map((row) => ({
    id: row.id,
    organizationId: row.organizationId,
    template: row.template,
    to: row.toAddress,
    subject: row.subject,
    attempts: row.attempts,
    reason: row.lastError,
    createdAt: row.createdAt.toISOString(),
    // Set together with the status (deliver-email.ts).
    failedAt: (row.failedAt ?? row.createdAt).toISOString(),
  }));
}
