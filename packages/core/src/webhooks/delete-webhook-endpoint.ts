import type { OrgScope } from '../access/actor.ts';
import { notFound } from '../errors.ts';

/** Removes an endpoint with its deliveries and their log; waiting retries find nothing and stop. */
export async function deleteWebhookEndpoint({ tx, membership }: OrgScope, endpointId: string): Promise<void> {
  const deleted = await tx
    .deleteFrom('webhookEndpoints')
    .where('organizationId', '=', membership.organizationId)
    .where('id', '=', endpointId)
    .executeTakeFirst();
  if (deleted.numDeletedRows === 0n) throw notFound('Webhook endpoint');
}
