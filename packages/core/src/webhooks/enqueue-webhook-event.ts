import { randomUUID } from 'node:crypto';
import type { WebhookEventType } from '@switchboard/contracts/webhooks';
import type { Tx } from '@switchboard/db/tenant';
import { sql } from 'kysely';
import { enqueueJob } from '../jobs/enqueue-job.ts';

export const DELIVER_WEBHOOK_TASK = 'deliver_webhook';
/** Job-level retries cover only a crashed job runner; the retry schedule of failed requests is our own. */
export const DELIVER_WEBHOOK_JOB_ATTEMPTS = 3;

export interface WebhookEvent {
  organizationId: string;
  type: WebhookEventType;
  /** The event's object (ids, timestamps as ISO strings); JSON-serializable. */
  data: Record<string, unknown>;
}

/**
 * Queues one delivery of an event to each enabled endpoint of the organization subscribed to its type, and
 * the job that sends it, in `tx`: an event whose change rolls back is never sent. Works on the tenant
 * connection (API, worker tier) and through the system door (the sweeper). Returns how many were queued.
 */
export async function enqueueWebhookEvent(
  tx: Tx,
  { organizationId, type, data }: WebhookEvent,
): Promise<number> {
  const endpoints = await tx
    .selectFrom('webhookEndpoints')
    .select('id')
    .where('organizationId', '=', organizationId)
    .where('enabled', '=', true)
    .where(sql<boolean>`${type} = any(event_types)`)
    .execute();
  if (endpoints.length === 0) return 0;
  const payload = JSON.stringify({ type, timestamp: new Date().toISOString(), data });
  // Ids generated here: the system door may insert deliveries but not read them back.
  const deliveries = endpoints.map((endpoint) => ({
    id: randomUUID(),
    organizationId,
    endpointId: endpoint.id,
    eventType: type,
    payload,
  }));
  await tx.insertInto('webhookDeliveries').values(deliveries).execute();
  for (const delivery of deliveries) {
    await enqueueJob(
      tx,
      DELIVER_WEBHOOK_TASK,
      { organizationId, deliveryId: delivery.id, attempt: '1' },
      DELIVER_WEBHOOK_JOB_ATTEMPTS,
    );
  }
  return deliveries.length;
}
