import type { Tx } from '@switchboard/db/tenant';

/**
 * Whether the organization may start a call. Billing is not built yet: a missing balance allows the call.
 * The billing issue replaces this body with a look at the credit ledger; callers already handle `false`.
 */
export async function hasCallCredits(_tx: Tx, _organizationId: string): Promise<boolean> {
  return true;
}
