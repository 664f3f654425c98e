import type { PublicConfig } from '@switchboard/contracts/config';
import {
  MailboxMessageSchema,
  MailboxMessageSummarySchema,
  MailboxParamsSchema,
} from '@switchboard/contracts/mailbox';
import { getMailboxMessage } from '@switchboard/core/mailbox/get-mailbox-message';
import { listMailboxMessages } from '@switchboard/core/mailbox/list-mailbox-messages';
import type { Database } from '@switchboard/db/database';
import { z } from 'zod';
import type { FastifyZodInstance } from '../../../types.ts';

/**
 * The local mailbox: every email of the installation, reset links included, so platform admins only. It
 * exists only while emails go nowhere else (no Resend, no SMTP). Everyone else gets their link from the
 * operator, who also sees it in the terminal (the first user verifies from there).
 */
export function mailboxRoutes(
  app: FastifyZodInstance,
  { db, publicConfig }: { db: Database; publicConfig: PublicConfig },
): void {
  if (!publicConfig.mailbox) return;

  app.get(
    '/api/v1/dev/mailbox',
    {
      config: { access: { kind: 'platform-admin' } },
      schema: {
        tags: ['local mailbox'],
        summary: 'Emails kept by the local mailbox, newest first',
        response: { 200: z.object({ messages: z.array(MailboxMessageSummarySchema) }) },
      },
    },
    async () => ({ messages: await listMailboxMessages(db) }),
  );

  app.get(
    '/api/v1/dev/mailbox/:messageId',
    {
      config: { access: { kind: 'platform-admin' } },
      schema: {
        tags: ['local mailbox'],
        summary: 'One email of the local mailbox',
        params: MailboxParamsSchema,
        response: { 200: MailboxMessageSchema },
      },
    },
    (request) => getMailboxMessage(db, request.params.messageId),
  );
}
