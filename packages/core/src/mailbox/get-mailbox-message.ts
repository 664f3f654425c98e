import type { MailboxMessage } from '@switchboard/contracts/mailbox';
import type { Database } from '@switchboard/db/database';
import { notFound } from '../errors.ts';

export async function getMailboxMessage(db: Database, id: string): Promise<MailboxMessage> {
  const row = await db.selectFrom('mailboxMessages').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound('Email');
  return {
    id: row.id,
    to: row.toAddress,
    subject: row.subject,
    html: row.html,
    text: row.textBody,
    createdAt: row.createdAt.toISOString(),
  };
}
