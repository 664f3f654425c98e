import { randomUUID } from 'node:crypto';
import type { Tx } from '@switchboard/db/tenant';
import { enqueueJob } from '../jobs/enqueue-job.ts';
import { type EmailTemplate, renderEmail } from './render-email.ts';

export const SEND_EMAIL_TASK = 'send_email';
const MAX_ATTEMPTS = 25;

export type OutgoingEmail = EmailTemplate & { to: string; organizationId?: string };

/**
 * Puts an email in the outbox and queues its delivery, both in `tx`: if the change that causes the email
 * rolls back, nothing is sent. The id is generated here because the API role may insert but not read.
 */
export async function enqueueEmail(tx: Tx, email: OutgoingEmail): Promise<string> {
  const id = randomUUID();
  const { subject, html, text } = renderEmail(email);
  await tx
    .insertInto('emailOutbox')
    .values({
      id,
      organizationId: email.organizationId ?? null,
      template: email.template,
      toAddress: email.to,
      subject,
      html,
      textBody: text,
    })
    .execute();
  await enqueueJob(tx, SEND_EMAIL_TASK, { outboxId: id }, MAX_ATTEMPTS);
  return id;
}
