import { Resend } from 'resend';
import type { EmailTransport } from './email-transport.ts';

export function createResendTransport({
  apiKey,
  baseUrl,
}: {
  apiKey: string;
  baseUrl?: string | undefined;
}): EmailTransport {
  const resend = new Resend(apiKey, baseUrl ? { baseUrl } : undefined);
  return {
    kind: 'resend',
    async send(email) {
      const { data, error } = await resend.emails.send(
        { from: email.from, to: email.to, subject: email.subject, html: email.html, text: email.text },
        { idempotencyKey: `outbox-${email.id}` },
      );
      // Resend reports failures as values; throwing makes the job retry.
      if (error) throw new Error(`Resend refused the email: ${error.name}: ${error.message}`);
      return { providerMessageId: data?.id ?? null };
    },
  };
}
