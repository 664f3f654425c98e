import { type RenderedEmail, renderLayout } from './layout.ts';

export interface AutoRechargeFailedData {
  organizationName: string;
  packName: string;
  /** What Stripe was asked to charge, already formatted ("$50.00"). */
  amount: string;
  /** Why, in Stripe's words or ours ("Your card has insufficient funds."). */
  reason: string;
  /** The organization's Billing page, where the Customer Portal updates the payment method. */
  url: string;
}

export function renderAutoRechargeFailed({
  organizationName,
  packName,
  amount,
  reason,
  url,
}: AutoRechargeFailedData): RenderedEmail {
  return renderLayout({
    subject: `Auto-recharge failed for ${organizationName} on Switchboard`,
    heading: 'Auto-recharge did not go through',
    paragraphs: [
      `The balance of ${organizationName} fell below its auto-recharge threshold, but buying the ${packName} pack (${amount}) failed: ${reason}`,
      'No credits were added. Fix the payment method on the Billing page (Manage payment), or buy credits there; calls stop when the balance reaches zero. Auto-recharge tries again the next time the balance falls below the threshold.',
    ],
    action: { label: 'Fix the payment method', url },
    footnote: 'You receive this because you manage billing for this organization on Switchboard.',
  });
}
