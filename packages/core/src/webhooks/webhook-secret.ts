import { randomBytes } from 'node:crypto';

/** `whsec_` + 24 random bytes in base64: the Standard Webhooks secret format the `standardwebhooks` package reads. */
export function generateWebhookSecret(): string {
  return `whsec_${randomBytes(24).toString('base64')}`;
}

/** The context a signing secret is sealed with: it opens only for its own endpoint's row. */
export const webhookSecretContext = (endpointId: string) => `webhook:${endpointId}`;
