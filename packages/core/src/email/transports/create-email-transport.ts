import type { Database } from '@switchboard/db/database';
import type { EmailConfig } from '../email-config.ts';
import type { EmailTransport } from './email-transport.ts';
import { createMailboxTransport, type MailboxLogger } from './mailbox.ts';
import { createResendTransport } from './resend.ts';
import { createSmtpTransport } from './smtp.ts';

export function createEmailTransport(
  config: EmailConfig,
  deps: { workerDb: Database; logger: MailboxLogger },
): EmailTransport {
  switch (config.kind) {
    case 'resend':
      return createResendTransport(config);
    case 'smtp':
      return createSmtpTransport(config);
    case 'mailbox':
      return createMailboxTransport(deps.workerDb, deps.logger);
  }
}
