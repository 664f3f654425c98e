import type { WebhookDelivery } from '@switchboard/contracts/webhooks';
import type { Tx } from '@switchboard/db/tenant';
import type { OrgScope } from '../access/actor.ts';
import { notFound } from '../errors.ts';

const LIST_LIMIT = 50;

/** Deliveries of one endpoint (newest first, or one by id) with their attempts, oldest attempt first. */
export async function selectWebhookDeliveries(
  tx: Tx,
  organizationId: string,
  endpointId: string,
  deliveryId?: string,
): Promise<WebhookDelivery[]> {
  let query = tx
    .selectFrom('webhookDeliveries')
    .select(['id', 'endpointId', 'eventType', 'status', 'attemptCount', 'nextAttemptAt', 'createdAt'])
    .where('organizationId', '=', organizationId)
    .where('endpointId', '=', endpointId);
  if (deliveryId !== undefined) query = query.where('id', '=', deliveryId);
  const deliveries = await query.orderBy('createdAt', 'desc').limit(LIST_LIMIT).execute();
  if (deliveries.length === 0) return [];
  const attempts = await tx
    .selectFrom('webhookAttempts')
    .select([
      'deliveryId',
      'attempt',
      'isManual',
      'startedAt',
      'responseStatus',
      'responseTimeMs',
      'error',
      'responseBody',
    ])
    .where('organizationId', '=', organizationId)
    .where(
      'deliveryId',
      'in',
      deliveries.map((delivery) => delivery.id),
    )
    .orderBy('attempt')
    .execute();
  return deliveries.map((delivery) => ({
    id: delivery.id,
    endpointId: delivery.endpointId,
    eventType: delivery.eventType,
    status: delivery.status as WebhookDelivery['status'],
    attemptCount: delivery.attemptCount,
    nextAttemptAt: delivery.nextAttemptAt?.toISOString() ?? null,
    createdAt: delivery.createdAt.toISOString(),
    attempts: attempts
      .filter((attempt) => attempt.deliveryId === delivery.id)
      .map(({ deliveryId: _, startedAt, ...attempt }) => ({
        ...attempt,
        startedAt: startedAt.toISOString(),
      })),
  }));
}

/** The delivery log of an endpoint: its latest 50 deliveries with every attempt. */
export async function listWebhookDeliveries(
  { tx, membership }: OrgScope,
  endpointId: string,
): Promise<WebhookDelivery[]> {
  const endpoint = await tx
    .selectFrom('webhookEndpoints')
    .select('id')
    .where('organizationId', '=', membership.organizationId)
    .where('id', '=', endpointId)
    .executeTakeFirst();
  if (!endpoint) throw notFound('Webhook endpoint');
  return selectWebhookDeliveries(tx, membership.organizationId, endpointId);
}
