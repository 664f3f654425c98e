import nodemailer from 'nodemailer';
import { type EmailTransport, PermanentEmailError } from './email-transport.ts';

/**
 * SMTP has no idempotency key: when the connection drops after the server accepted the message but before
 * it said so, the retry sends a second copy. The Message-ID is the outbox id, so the copies are recognisably
 * the same email; only the provider's HTTP API (Resend) rules the duplicate out.
 */
export function createSmtpTransport({ url }: { url: string }): EmailTransport {
  // nodemailer waits up to 2 minutes to connect and 10 minutes on a silent server; bounded, a stalled
  // server fails the attempt and the job runner retries it later.
  const transporter = nodemailer.createTransport({
    url,
    connectionTimeout: 15_000,
    greetingTimeout: 15_000,
    socketTimeout: 30_000,
  });
  return {
    kind: 'smtp',
    async send(email) {
      try {
        const info = await transporter.sendMail({
          from: email.from,
          to: email.to,
          subject: email.subject,
          html: email.html,
          text: email.text,
          messageId: `<${email.id}@switchboard.outbox>`,
        });
        return { providerMessageId: info.messageId ?? null };
      } catch (error) {
        // A 5xx refusal of the recipient or the message is permanent (550 no such mailbox, 553 bad address);
        // 4xx asks to try later, and a refused login is the operator's to fix, after which the retry works.
        const { code, responseCode } = error as { code?: unknown; responseCode?: unknown };
        const isRefusal = code === 'EENVELOPE' || code === 'EMESSAGE';
        if (isRefusal && typeof responseCode === 'number' && responseCode >= 500 && error instanceof Error) {
          throw new PermanentEmailError(error.message);
        }
        throw error;
      }
    },
  };
}
