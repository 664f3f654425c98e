import { type RenderedEmail, renderLayout } from './layout.ts';

export interface WebhookEndpointDisabledData {
  organizationName: string;
  url: string;
  /** How many deliveries in a row failed every attempt. */
  failedDeliveries: number;
  /** The last attempt's outcome ("HTTP 500", "timed out after 15 s"…). */
  lastError: string;
}

// No button: the job runner that switches the endpoint off does not know the dashboard's address.
export function renderWebhookEndpointDisabled({
  organizationName,
  url,
  failedDeliveries,
  lastError,
}: WebhookEndpointDisabledData): RenderedEmail {
  return renderLayout({
    subject: `A webhook endpoint of ${organizationName} was switched off on Switchboard`,
    heading: 'A webhook endpoint was switched off',
    paragraphs: [
      `Switchboard switched off the webhook endpoint ${url} of ${organizationName}: ${failedDeliveries} deliveries in a row failed every attempt over about a day. The last attempt: ${lastError}.`,
      'No more events are sent to it. Fix the receiving server, then switch the endpoint on again under Settings → Webhooks, where each failed delivery can also be sent again.',
    ],
    footnote:
      'You receive this because you manage webhooks for this organization on Switchboard (docs/webhooks.md).',
  });
}
