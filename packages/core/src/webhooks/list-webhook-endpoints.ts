import type { WebhookEndpoint, WebhookEventType } from '@switchboard/contracts/webhooks';
import type { Tx } from '@switchboard/db/tenant';
import type { OrgScope } from '../access/actor.ts';

/** The columns an endpoint shows; the sealed secret is not among them (the API's role cannot read it). */
export function selectWebhookEndpoints(tx: Tx, organizationId: string) {
  return tx
    .selectFrom('webhookEndpoints')
    .select([
      'id',
      'url',
      'description',
      'eventTypes',
      'enabled',
      'consecutiveFailures',
      'disabledAt',
      'disabledReason',
      'createdAt',
    ])
    .where('organizationId', '=', organizationId);
}

type WebhookEndpointRow = Awaited<
  ReturnType<ReturnType<typeof selectWebhookEndpoints>['executeTakeFirstOrThrow']>
>;

export function toWebhookEndpoint(row: WebhookEndpointRow): WebhookEndpoint {
  return {
    id: row.id,
    url: row.url,
    description: row.description,
    eventTypes: row.eventTypes as WebhookEventType[],
    enabled: row.enabled,
    consecutiveFailures: row.consecutiveFailures,
    disabledAt: row.disabledAt?.toISOString() ?? null,
    disabledReason: row.disabledReason,
    createdAt: row.createdAt.toISOString(),
  };
}

/** The organization's endpoints, oldest first. The request's last statement: it travels with COMMIT. */
export async function listWebhookEndpoints({
  tx,
  membership,
  commitWith,
}: OrgScope): Promise<WebhookEndpoint[]> {
  const rows = await commitWith(selectWebhookEndpoints(tx, membership.organizationId).orderBy('createdAt'));
  return rows.map(toWebhookEndpoint);
}
