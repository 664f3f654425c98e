export interface OutboundEmail {
  /** The outbox id: doubles as the provider's idempotency key, so a retry never sends twice. */
  id: string;
  from: string;
  to: string;
  subject: string;
  html: string;
  text: string;
}

export interface EmailTransport {
  kind: 'mailbox' | 'resend' | 'smtp';
  send(email: OutboundEmail): Promise<{ providerMessageId: string | null }>;
}

/** The provider refused the email for good (a malformed address, say): retrying cannot help. */
export class PermanentEmailError extends Error {
  override name = 'PermanentEmailError';
}
