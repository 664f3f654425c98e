import nodemailer from 'nodemailer';
import type { EmailTransport } from './email-transport.ts';

export function createSmtpTransport({ url }: { url: string }): EmailTransport {
  const transporter = nodemailer.createTransport(url);
  return {
    kind: 'smtp',
    async send(email) {
      const info = await transporter.sendMail({
        from: email.from,
        to: email.to,
        subject: email.subject,
        html: email.html,
        text: email.text,
        messageId: `<${email.id}@switchboard.outbox>`,
      });
      return { providerMessageId: info.messageId ?? null };
    },
  };
}
