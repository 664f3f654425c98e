import { type RenderedEmail, renderLayout } from './layout.ts';

export interface SubscriptionChangedData {
  organizationName: string;
  change: 'started' | 'changed' | 'canceled';
  planName: string;
  /** The plan before a change. */
  previousPlanName?: string | null | undefined;
  /** Credits each period brings, for a started or changed plan. */
  creditsPerPeriod?: number | null | undefined;
  /** When a canceled subscription stops (the end of the period paid for); null when it stopped already. */
  endsAt?: Date | null | undefined;
  /** The organization's Billing page. */
  url: string;
}

const FOOTNOTE = 'You receive this because you manage billing for this organization on Switchboard.';

export function renderSubscriptionChanged(data: SubscriptionChangedData): RenderedEmail {
  const { organizationName, planName, url } = data;
  const credits =
    data.creditsPerPeriod == null
      ? ''
      : ` Each period brings ${data.creditsPerPeriod.toLocaleString('en', { maximumFractionDigits: 3 })} credits.`;
  switch (data.change) {
    case 'started':
      return renderLayout({
        subject: `${organizationName} subscribed to ${planName} on Switchboard`,
        heading: `Welcome to ${planName}`,
        paragraphs: [`${organizationName} is now on the ${planName} plan.${credits}`],
        action: { label: 'Open Billing', url },
        footnote: FOOTNOTE,
      });
    case 'changed':
      return renderLayout({
        subject: `${organizationName} changed plan to ${planName} on Switchboard`,
        heading: `Your plan is now ${planName}`,
        paragraphs: [
          `${organizationName} moved ${data.previousPlanName ? `from ${data.previousPlanName} ` : ''}to the ${planName} plan.${credits}`,
        ],
        action: { label: 'Open Billing', url },
        footnote: FOOTNOTE,
      });
    case 'canceled':
      return renderLayout({
        subject: `${organizationName} canceled ${planName} on Switchboard`,
        heading: 'Your subscription is canceled',
        paragraphs: [
          data.endsAt
            ? `The ${planName} plan of ${organizationName} ends on ${data.endsAt.toUTCString()} and will not renew.`
            : `The ${planName} plan of ${organizationName} has ended and will not renew.`,
          'Credits already granted stay until they are used. Subscribe again on the Billing page at any time.',
        ],
        action: { label: 'Open Billing', url },
        footnote: FOOTNOTE,
      });
  }
}
