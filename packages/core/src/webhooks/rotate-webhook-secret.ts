import type { WebhookEndpointWithSecret } from '@switchboard/contracts/webhooks';
import type { OrgScope } from '../access/actor.ts';
import { notFound } from '../errors.ts';
import type { SecretSealer } from '../secrets/secret-box.ts';
import { selectWebhookEndpoints, toWebhookEndpoint } from './list-webhook-endpoints.ts';
import { generateWebhookSecret, webhookSecretContext } from './webhook-secret.ts';

/**
 * Replaces an endpoint's signing secret and returns the new one, this once. Attempts from then on, retries
 * of earlier deliveries included, are signed with the new secret.
 */
export async function rotateWebhookSecret(
  { tx, membership }: OrgScope,
  endpointId: string,
  deps: { secretSealer: SecretSealer },
): Promise<WebhookEndpointWithSecret> {
  const secret = generateWebhookSecret();
  const updated = await tx
    .updateTable('webhookEndpoints')
    .set({
      secretCiphertext: deps.secretSealer.seal(secret, webhookSecretContext(endpointId)),
      updatedAt: new Date(),
    })
    .where('organizationId', '=', membership.organizationId)
    .where('id', '=', endpointId)
    .executeTakeFirst();
  if (updated.numUpdatedRows === 0n) throw notFound('Webhook endpoint');
  const row = await selectWebhookEndpoints(tx, membership.organizationId)
    .where('id', '=', endpointId)
    .executeTakeFirstOrThrow();
  return { endpoint: toWebhookEndpoint(row), secret };
}
