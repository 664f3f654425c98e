import {
  type UpdateWebhookEndpoint,
  UpdateWebhookEndpointSchema,
  type WebhookEndpoint,
} from '@switchboard/contracts/webhooks';
import type { OrgScope } from '../access/actor.ts';
import { notFound } from '../errors.ts';
import { checkWebhookDestination } from './check-webhook-destination.ts';
import type { WebhookEndpointDeps } from './create-webhook-endpoint.ts';
import { selectWebhookEndpoints, toWebhookEndpoint } from './list-webhook-endpoints.ts';

/**
 * Changes an endpoint. Switching it on again forgets its failures (a fresh count of WEBHOOK_DISABLE_AFTER_…
 * before it is switched off again); switching it off by hand records no reason.
 */
export async function updateWebhookEndpoint(
  { tx, membership }: OrgScope,
  endpointId: string,
  input: UpdateWebhookEndpoint,
  deps: Pick<WebhookEndpointDeps, 'egress'>,
): Promise<WebhookEndpoint> {
  const { url, description, eventTypes, enabled } = UpdateWebhookEndpointSchema.parse(input);
  if (url !== undefined) await checkWebhookDestination(url, deps.egress);
  const updated = await tx
    .updateTable('webhookEndpoints')
    .set({
      ...(url !== undefined && { url }),
      ...(description !== undefined && { description }),
      ...(eventTypes !== undefined && { eventTypes: [...new Set(eventTypes)] }),
      ...(enabled !== undefined && { enabled, disabledAt: null, disabledReason: null }),
      ...(enabled === true && { consecutiveFailures: 0 }),
      updatedAt: new Date(),
    })
    .where('organizationId', '=', membership.organizationId)
    .where('id', '=', endpointId)
    .executeTakeFirst();
  if (updated.numUpdatedRows === 0n) throw notFound('Webhook endpoint');
  const row = await selectWebhookEndpoints(tx, membership.organizationId)
    .where('id', '=', endpointId)
    .executeTakeFirstOrThrow();
  return toWebhookEndpoint(row);
}
