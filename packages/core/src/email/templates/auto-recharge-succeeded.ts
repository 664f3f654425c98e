import { type RenderedEmail, renderLayout } from './layout.ts';

export interface AutoRechargeSucceededData {
  organizationName: string;
  packName: string;
  packCredits: number;
  /** What Stripe charged, already formatted ("$50.00"). */
  amount: string;
  balanceCredits: number;
  /** The organization's Billing page. */
  url: string;
}

const credits = (value: number) => value.toLocaleString('en', { maximumFractionDigits: 3 });

export function renderAutoRechargeSucceeded({
  organizationName,
  packName,
  packCredits,
  amount,
  balanceCredits,
  url,
}: AutoRechargeSucceededData): RenderedEmail {
  return renderLayout({
    subject: `Auto-recharge added ${credits(packCredits)} credits to ${organizationName} on Switchboard`,
    heading: 'Credits recharged',
    paragraphs: [
      `The balance of ${organizationName} fell below its auto-recharge threshold, so we bought the ${packName} pack: ${credits(packCredits)} credits for ${amount}, charged to the saved payment method.`,
      `The balance is now ${credits(balanceCredits)} credits.`,
    ],
    action: { label: 'Open Billing', url },
    footnote:
      'You receive this because you manage billing for this organization on Switchboard. Auto-recharge is changed or turned off on the Billing page.',
  });
}
