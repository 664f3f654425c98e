import { type RenderedEmail, renderLayout } from './layout.ts';

export interface PaymentFailedData {
  organizationName: string;
  planName: string | null;
  /** What Stripe tried to charge, already formatted ("$49.00"). */
  amount: string;
  /** The organization's Billing page, where the Customer Portal updates the payment method. */
  url: string;
}

export function renderPaymentFailed({
  organizationName,
  planName,
  amount,
  url,
}: PaymentFailedData): RenderedEmail {
  const what = planName ? `the ${planName} plan` : 'your subscription';
  return renderLayout({
    subject: `Payment failed for ${organizationName} on Switchboard`,
    heading: 'Your payment did not go through',
    paragraphs: [
      `We could not charge ${amount} for ${what} of ${organizationName}. The subscription is past due.`,
      'Update the payment method on the Billing page; Stripe retries the charge, and the period’s credits arrive once it is paid.',
    ],
    action: { label: 'Fix the payment', url },
    footnote: 'You receive this because you manage billing for this organization on Switchboard.',
  });
}
