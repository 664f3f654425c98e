import type { PhoneNumber } from '@switchboard/contracts/phone';
import type { OrgScope } from '../access/actor.ts';
import { findAgent } from '../agents/find-agent.ts';
import { AppError } from '../errors.ts';
import { enqueueWebhookEvent } from '../webhooks/enqueue-webhook-event.ts';
import { findPhoneNumber } from './list-phone-numbers.ts';
import { enqueuePhoneNumberSync } from './sync-phone-number.ts';

/**
 * Which agent answers the number (null: nobody, LiveKit turns calls away). Takes effect for the next call.
 * A change queues phone_number.assigned (agentId null: unassigned).
 */
export async function assignPhoneNumber(
  { tx, membership }: OrgScope,
  phoneNumberId: string,
  agentId: string | null,
): Promise<PhoneNumber> {
  const number = await findPhoneNumber(tx, phoneNumberId);
  if (number.status === 'releasing') throw new AppError('PHONE_NOT_READY', 'This number is being released');
  if (agentId) await findAgent(tx, agentId);
  await tx
    .updateTable('phoneNumbers')
    .set({ agentId, status: 'pending', lastError: null, updatedAt: new Date() })
    .where('id', '=', phoneNumberId)
    .execute();
  if ((number.agent?.id ?? null) !== agentId) {
    await enqueueWebhookEvent(tx, {
      organizationId: membership.organizationId,
      type: 'phone_number.assigned',
      data: {
        phoneNumber: { id: phoneNumberId, e164: number.e164 },
        agentId,
        previousAgentId: number.agent?.id ?? null,
        assignedAt: new Date().toISOString(),
      },
    });
  }
  await enqueuePhoneNumberSync(
    tx,
    { organizationId: membership.organizationId, phoneNumberId, action: number.twilioSid ? 'sync' : 'buy' },
    3,
  );
  return findPhoneNumber(tx, phoneNumberId);
}
