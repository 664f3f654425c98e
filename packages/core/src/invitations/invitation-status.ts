import type { Invitation } from '@switchboard/contracts/members';

/** A pending invitation past its expiry reads as expired; the row keeps `pending` so a resend can revive it. */
export function invitationStatus(
  row: { status: string; expiresAt: Date },
  now = new Date(),
): Invitation['status'] {
  if (row.status === 'pending' && row.expiresAt <= now) return 'expired';
  return row.status as Invitation['status'];
}
