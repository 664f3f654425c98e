import type { MailboxMessageSummary } from '@switchboard/contracts/mailbox';
import type { Database } from '@switchboard/db/database';

/** The newest emails kept by the local mailbox transport. Not tenant data: the mailbox is a developer tool. */
export async function listMailboxMessages(db: Database): Promise<MailboxMessageSummary[]> {
  const rows = await db
    .selectFrom('mailboxMessages')
    .select(['id', 'toAddress', 'subject', 'createdAt'])
    .orderBy('createdAt', 'desc')
    .limit(200)
    .execute();
  return rows.map((row) => ({
    id: row.id,
    to: row.toAddress,
    subject: row.subject,
    createdAt: row.createdAt.toISOString(),
  }));
}
