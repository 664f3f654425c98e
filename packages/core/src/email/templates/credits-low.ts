import { type RenderedEmail, renderLayout } from './layout.ts';

export interface CreditsLowData {
  organizationName: string;
  balanceCredits: number;
  thresholdCredits: number;
}

const credits = (value: number) => value.toLocaleString('en', { maximumFractionDigits: 3 });

// No button: the worker tier that debits calls does not know the dashboard's address (PUBLIC_URL).
export function renderCreditsLow({
  organizationName,
  balanceCredits,
  thresholdCredits,
}: CreditsLowData): RenderedEmail {
  return renderLayout({
    subject: `Credits are running low for ${organizationName} on Switchboard`,
    heading: 'Credits are running low',
    paragraphs: [
      `${organizationName} has ${credits(balanceCredits)} credits left, below the low-balance threshold of ${credits(thresholdCredits)} credits.`,
      'Calls stop when the balance reaches zero. Add credits on the Billing page in Switchboard (or ask a platform admin, where credits are granted by hand).',
    ],
    footnote:
      'You receive this because you manage billing for this organization on Switchboard. The threshold is set on the Billing page; this email comes once each time the balance falls below it.',
  });
}
