import { randomUUID } from 'node:crypto';
import {
  type CreateWebhookEndpoint,
  CreateWebhookEndpointSchema,
  type WebhookEndpointWithSecret,
} from '@switchboard/contracts/webhooks';
import type { EgressGuard } from '@switchboard/tools/egress/egress-guard';
import type { OrgScope } from '../access/actor.ts';
import type { SecretSealer } from '../secrets/secret-box.ts';
import { checkWebhookDestination } from './check-webhook-destination.ts';
import { selectWebhookEndpoints, toWebhookEndpoint } from './list-webhook-endpoints.ts';
import { generateWebhookSecret, webhookSecretContext } from './webhook-secret.ts';

export interface WebhookEndpointDeps {
  secretSealer: SecretSealer;
  egress: Pick<EgressGuard, 'check'>;
}

/**
 * Adds an endpoint and returns its signing secret, this once: the API seals it for the worker tier and
 * cannot read it back (only the job runner opens it, to sign).
 */
export async function createWebhookEndpoint(
  { tx, actor, membership }: OrgScope,
  input: CreateWebhookEndpoint,
  deps: WebhookEndpointDeps,
): Promise<WebhookEndpointWithSecret> {
  const { url, description, eventTypes } = CreateWebhookEndpointSchema.parse(input);
  await checkWebhookDestination(url, deps.egress);
  const id = randomUUID();
  const secret = generateWebhookSecret();
  await tx
    .insertInto('webhookEndpoints')
    .values({
      id,
      organizationId: membership.organizationId,
      url,
      description,
      eventTypes: [...new Set(eventTypes)],
      secretCiphertext: deps.secretSealer.seal(secret, webhookSecretContext(id)),
      createdBy: actor.userId,
    })
    .execute();
  const row = await selectWebhookEndpoints(tx, membership.organizationId)
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
  return { endpoint: toWebhookEndpoint(row), secret };
}
