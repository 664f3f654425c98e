import { Resend } from 'resend';
import { type EmailTransport, PermanentEmailError } from './email-transport.ts';

/** Long enough for a slow provider, short enough that a hung request releases the job for its retry. */
const REQUEST_TIMEOUT_MS = 15_000;

/**
 * Refusals that no retry can fix: the request itself is wrong (a malformed or unknown address, a sender
 * domain Resend will not send from). 401/403 stay retryable: a wrong API key is fixed by the operator, and
 * the emails waiting then go out. 408/409/429 are Resend's "try again later" (409: the same idempotency key
 * is still being processed).
 */
function isPermanent(statusCode: number | null): boolean {
  return (
    statusCode !== null &&
    statusCode >= 400 &&
    statusCode < 500 &&
    ![401, 403, 408, 409, 429].includes(statusCode)
  );
}

export function createResendTransport({
  apiKey,
  baseUrl,
  timeoutMs = REQUEST_TIMEOUT_MS,
}: {
  apiKey: string;
  baseUrl?: string | undefined;
  timeoutMs?: number;
}): EmailTransport {
  const resend = new Resend(apiKey, baseUrl ? { baseUrl } : undefined);
  return {
    kind: 'resend',
    async send(email) {
      const signal = AbortSignal.timeout(timeoutMs);
      const { data, error } = await resend.emails.send(
        { from: email.from, to: email.to, subject: email.subject, html: email.html, text: email.text },
        // The outbox id as Resend's idempotency key: a retry after a timeout whose request did arrive
        // gets the first answer back instead of a second email (Resend keeps keys for 24 hours).
        { idempotencyKey: `outbox-${email.id}`, signal },
      );
      // Resend reports failures as values, a timeout included; throwing makes the job retry.
      if (error) {
        if (signal.aborted) throw new Error(`Resend did not answer within ${timeoutMs / 1000}s`);
        const reason = `Resend refused the email: ${error.name}: ${error.message}`;
        throw isPermanent(error.statusCode) ? new PermanentEmailError(reason) : new Error(reason);
      }
      return { providerMessageId: data?.id ?? null };
    },
  };
}
