import { type RenderedEmail, renderLayout } from './layout.ts';

export interface CreditsExhaustedData {
  organizationName: string;
  /** Zero or slightly below: calls running when it ran out are debited to their end. */
  balanceCredits: number;
}

// No button: the worker tier that debits calls does not know the dashboard's address (PUBLIC_URL).
export function renderCreditsExhausted({
  organizationName,
  balanceCredits,
}: CreditsExhaustedData): RenderedEmail {
  const balance = balanceCredits.toLocaleString('en', { maximumFractionDigits: 3 });
  return renderLayout({
    subject: `${organizationName} is out of credits on Switchboard`,
    heading: 'Your organization is out of credits',
    paragraphs: [
      `The credit balance of ${organizationName} is ${balance} credits. New calls are refused, and calls that were running end after a short grace.`,
      'Add credits on the Billing page in Switchboard (or ask a platform admin, where credits are granted by hand) and calls can start again.',
    ],
    footnote:
      'You receive this because you manage billing for this organization on Switchboard. This email comes once each time the balance runs out.',
  });
}
