import type { OrgScope } from '../access/actor.ts';
import { findPhoneNumber } from './list-phone-numbers.ts';
import { enqueuePhoneNumberSync } from './sync-phone-number.ts';

/**
 * Releases a number: the worker tier removes its LiveKit trunk and rule and releases it at Twilio (it
 * stops costing money and can go to someone else), then deletes the row.
 */
export async function releasePhoneNumber({ tx, membership }: OrgScope, phoneNumberId: string): Promise<void> {
  await findPhoneNumber(tx, phoneNumberId);
  await tx
    .updateTable('phoneNumbers')
    .set({ status: 'releasing', lastError: null, updatedAt: new Date() })
    .where('id', '=', phoneNumberId)
    .execute();
  await enqueuePhoneNumberSync(
    tx,
    { organizationId: membership.organizationId, phoneNumberId, action: 'release' },
    3,
  );
}
