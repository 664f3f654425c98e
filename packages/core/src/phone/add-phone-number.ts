import type { PhoneNumber } from '@switchboard/contracts/phone';
import type { OrgScope } from '../access/actor.ts';
import { findAgent } from '../agents/find-agent.ts';
import { AppError, invalidFields } from '../errors.ts';
import { findPhoneNumber } from './list-phone-numbers.ts';
import { enqueuePhoneNumberSync } from './sync-phone-number.ts';

/**
 * Adds a number: buys it (no Twilio SID yet) or imports one already in the account, optionally assigned to
 * an agent. The row is 'pending' until the worker tier has bought it and set up Twilio and LiveKit.
 */
export async function addPhoneNumber(
  { tx, membership }: OrgScope,
  input: { e164: string; twilioSid?: string; agentId: string | null },
): Promise<PhoneNumber> {
  const { organizationId } = membership;
  const connection = await tx.selectFrom('phoneConnections').select('status').executeTakeFirst();
  if (connection?.status !== 'ready') throw new AppError('PHONE_NOT_READY', 'Connect Twilio first');
  if (input.agentId) await findAgent(tx, input.agentId);
  const taken = await tx
    .selectFrom('phoneNumbers')
    .select('id')
    .where('e164', '=', input.e164)
    .executeTakeFirst();
  if (taken) throw invalidFields([{ path: 'e164', message: 'This number is already added' }]);
  const { id } = await tx
    .insertInto('phoneNumbers')
    .values({ organizationId, e164: input.e164, twilioSid: input.twilioSid ?? null, agentId: input.agentId })
    .returning('id')
    .executeTakeFirstOrThrow();
  // Buying costs money: one attempt, the outcome is on the row (the person retries by buying again).
  await enqueuePhoneNumberSync(
    tx,
    { organizationId, phoneNumberId: id, action: input.twilioSid ? 'import' : 'buy' },
    1,
  );
  return findPhoneNumber(tx, id);
}
