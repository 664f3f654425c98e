import type { WebhookDelivery } from '@switchboard/contracts/webhooks';
import type { OrgScope } from '../access/actor.ts';
import { AppError, notFound } from '../errors.ts';
import { enqueueJob } from '../jobs/enqueue-job.ts';
import { DELIVER_WEBHOOK_JOB_ATTEMPTS, DELIVER_WEBHOOK_TASK } from './enqueue-webhook-event.ts';
import { selectWebhookDeliveries } from './list-webhook-deliveries.ts';

/**
 * Sends a finished delivery (succeeded or failed) again, by hand: one more attempt with the same
 * webhook-id, outside the retry schedule, even to an endpoint that is switched off. A delivery still in
 * its schedule is refused (its next retry is already waiting).
 */
export async function redeliverWebhook(
  { tx, membership }: OrgScope,
  endpointId: string,
  deliveryId: string,
): Promise<WebhookDelivery> {
  const { organizationId } = membership;
  const delivery = await tx
    .selectFrom('webhookDeliveries')
    .select(['status', 'attemptCount'])
    .where('organizationId', '=', organizationId)
    .where('endpointId', '=', endpointId)
    .where('id', '=', deliveryId)
    .forUpdate()
    .executeTakeFirst();
  if (!delivery) throw notFound('Webhook delivery');
  if (delivery.status === 'pending') {
    throw new AppError('DELIVERY_PENDING', 'This delivery is still being attempted; wait for its outcome');
  }
  await tx
    .updateTable('webhookDeliveries')
    .set({ status: 'pending', nextAttemptAt: new Date(), updatedAt: new Date() })
    .where('id', '=', deliveryId)
    .execute();
  await enqueueJob(
    tx,
    DELIVER_WEBHOOK_TASK,
    { organizationId, deliveryId, attempt: String(delivery.attemptCount + 1), manual: '1' },
    DELIVER_WEBHOOK_JOB_ATTEMPTS,
  );
  const [updated] = await selectWebhookDeliveries(tx, organizationId, endpointId, deliveryId);
  if (!updated) throw notFound('Webhook delivery');
  return updated;
}
