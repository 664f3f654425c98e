import type { Tx } from '@switchboard/db/tenant';
import { emailMembersHolding } from '../email/email-members-holding.ts';
import type { SubscriptionChangedData } from '../email/templates/subscription-changed.ts';

export type SubscriptionChange = Omit<SubscriptionChangedData, 'organizationName'> & {
  organizationId: string;
};

/**
 * Emails the organization's billing members that its subscription started, changed plan or was canceled.
 * Call it in the transaction that applies the change, once per change: from the handler of a Stripe event
 * that is stored once by id, so a redelivered event sends nothing again. Returns how many were queued.
 */
export function notifySubscriptionChange(
  tx: Tx,
  { organizationId, ...change }: SubscriptionChange,
): Promise<number> {
  return emailMembersHolding(tx, organizationId, 'billing:manage', (organizationName) => ({
    template: 'subscription-changed',
    data: { organizationName, ...change },
  }));
}
