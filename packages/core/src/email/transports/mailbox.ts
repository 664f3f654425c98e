import type { Database } from '@switchboard/db/database';
import type { EmailTransport } from './email-transport.ts';

export interface MailboxLogger {
  info(message: string): void;
}

/**
 * The default transport when no provider is configured: keeps the email for the dashboard's mailbox page and
 * prints it with its links, so a local user can verify an address straight from the terminal.
 */
export function createMailboxTransport(workerDb: Database, logger: MailboxLogger): EmailTransport {
  return {
    kind: 'mailbox',
    async send(email) {
      await workerDb
        .insertInto('mailboxMessages')
        .values({
          outboxId: email.id,
          toAddress: email.to,
          subject: email.subject,
          html: email.html,
          textBody: email.text,
        })
        .onConflict((conflict) => conflict.column('outboxId').doNothing())
        .execute();
      const links = email.text.match(/https?:\/\/\S+/g) ?? [];
      logger.info(
        [`📬 email to ${email.to}: ${email.subject}`, ...links.map((link) => `   ${link}`)].join('\n'),
      );
      return { providerMessageId: null };
    },
  };
}
