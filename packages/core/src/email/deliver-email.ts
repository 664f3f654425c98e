import type { Database } from '@switchboard/db/database';
import { z } from 'zod';
import { type EmailTransport, PermanentEmailError } from './transports/email-transport.ts';

export const SendEmailPayloadSchema = z.object({ outboxId: z.uuid() });

export interface DeliverEmailDeps {
  workerDb: Database;
  transport: EmailTransport;
  from: string;
}

/** Where this run stands among the job's attempts (graphile-worker counts the running one). */
export interface DeliveryAttempt {
  isLast: boolean;
}

/**
 * Delivers one outbox email. Already sent or failed → nothing to do (a job may run twice). A failure is
 * recorded and rethrown, so graphile-worker retries with backoff; a permanent refusal, or the last attempt's
 * failure, marks the email failed for platform admins to see and ends the job.
 */
export async function deliverEmail(
  deps: DeliverEmailDeps,
  payload: unknown,
  attempt: DeliveryAttempt = { isLast: false },
): Promise<void> {
  const { outboxId } = SendEmailPayloadSchema.parse(payload);
  const email = await deps.workerDb
    .selectFrom('emailOutbox')
    .selectAll()
    .where('id', '=', outboxId)
    .executeTakeFirst();
  if (email?.status !== 'pending') return;
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
    // The transports' messages name the provider's answer, never the API key or the SMTP password.
    const reason = (error instanceof Error ? error.message : String(error)).slice(0, 500);
    const hasFailed = error instanceof PermanentEmailError || attempt.isLast;
    await deps.workerDb
      .updateTable('emailOutbox')
      .set((eb) => ({
        attempts: eb('attempts', '+', 1),
        lastError: reason,
        ...(hasFailed ? { status: 'failed', failedAt: new Date() } : {}),
      }))
      .where('id', '=', outboxId)
      .execute();
    if (!hasFailed) throw error;
  }
}
