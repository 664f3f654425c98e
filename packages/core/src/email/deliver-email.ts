import type { Database } from '@switchboard/db/database';
import { z } from 'zod';
import type { EmailTransport } from './transports/email-transport.ts';

export const SendEmailPayloadSchema = z.object({ outboxId: z.uuid() });

export interface DeliverEmailDeps {
  workerDb: Database;
  transport: EmailTransport;
  from: string;
}

/**
 * Delivers one outbox email. Already sent → nothing to do (a job may run twice). A failure is recorded in
 * its own transaction and rethrown, so graphile-worker retries with backoff.
 */
export async function deliverEmail(deps: DeliverEmailDeps, payload: unknown): Promise<void> {
  const { outboxId } = SendEmailPayloadSchema.parse(payload);
  const email = await deps.workerDb
    .selectFrom('emailOutbox')
    .selectAll()
    .where('id', '=', outboxId)
    .executeTakeFirst();
  if (!email || email.status === 'sent') return;
  try {
    const { providerMessageId } = await deps.transport.send({
      id: email.id,
      from: deps.from,
      to: email.toAddress,
      subject: email.subject,
      html: email.html,
      text: email.textBody,
    });
    await deps.workerDb
      .updateTable('emailOutbox')
      .set((eb) => ({
        status: 'sent',
        sentAt: new Date(),
        providerMessageId,
        attempts: eb('attempts', '+', 1),
        lastError: null,
      }))
      .where('id', '=', outboxId)
      .execute();
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    await deps.workerDb
      .updateTable('emailOutbox')
      .set((eb) => ({ attempts: eb('attempts', '+', 1), lastError: reason.slice(0, 500) }))
      .where('id', '=', outboxId)
      .execute();
    throw error;
  }
}
