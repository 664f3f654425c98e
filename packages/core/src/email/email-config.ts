import { z } from 'zod';

const optional = z
  .string()
  .optional()
  .transform((value) => (value?.trim() ? value.trim() : undefined));

export const EmailEnvSchema = z.object({
  EMAIL_FROM: z.string().trim().min(3).default('Switchboard <no-reply@switchboard.local>'),
  RESEND_API_KEY: optional,
  RESEND_BASE_URL: optional,
  SMTP_URL: optional,
});

export type EmailConfig =
  | { kind: 'resend'; from: string; apiKey: string; baseUrl?: string | undefined }
  | { kind: 'smtp'; from: string; url: string }
  | { kind: 'mailbox'; from: string };

/** The transport follows from what is configured: Resend, else SMTP, else the local mailbox. */
export function loadEmailConfig(env: NodeJS.ProcessEnv): EmailConfig {
  const parsed = EmailEnvSchema.parse(env);
  if (parsed.RESEND_API_KEY) {
    return {
      kind: 'resend',
      from: parsed.EMAIL_FROM,
      apiKey: parsed.RESEND_API_KEY,
      baseUrl: parsed.RESEND_BASE_URL,
    };
  }
  if (parsed.SMTP_URL) return { kind: 'smtp', from: parsed.EMAIL_FROM, url: parsed.SMTP_URL };
  return { kind: 'mailbox', from: parsed.EMAIL_FROM };
}
