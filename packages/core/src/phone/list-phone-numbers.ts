import type { PhoneNumber } from '@switchboard/contracts/phone';
import type { Tx } from '@switchboard/db/tenant';
import { notFound } from '../errors.ts';

function selectPhoneNumbers(tx: Tx) {
  return tx
    .selectFrom('phoneNumbers')
    .leftJoin('agents', 'agents.id', 'phoneNumbers.agentId')
    .select([
      'phoneNumbers.id',
      'phoneNumbers.e164',
      'phoneNumbers.friendlyName',
      'phoneNumbers.twilioSid',
      'phoneNumbers.agentId',
      'agents.name as agentName',
      'phoneNumbers.status',
      'phoneNumbers.lastError',
      'phoneNumbers.createdAt',
    ]);
}

function toPhoneNumber(
  row: Awaited<ReturnType<ReturnType<typeof selectPhoneNumbers>['executeTakeFirstOrThrow']>>,
): PhoneNumber {
  return {
    id: row.id,
    e164: row.e164,
    friendlyName: row.friendlyName,
    twilioSid: row.twilioSid,
    agent: row.agentId && row.agentName ? { id: row.agentId, name: row.agentName } : null,
    status: row.status as PhoneNumber['status'],
    lastError: row.lastError,
    createdAt: row.createdAt.toISOString(),
  };
}

/** The organization's numbers, in the order they were added. */
export async function listPhoneNumbers({ tx }: { tx: Tx }): Promise<PhoneNumber[]> {
  const rows = await selectPhoneNumbers(tx).orderBy('phoneNumbers.createdAt').execute();
  return rows.map(toPhoneNumber);
}

export async function findPhoneNumber(tx: Tx, phoneNumberId: string): Promise<PhoneNumber> {
  const row = await selectPhoneNumbers(tx).where('phoneNumbers.id', '=', phoneNumberId).executeTakeFirst();
  if (!row) throw notFound('Phone number');
  return toPhoneNumber(row);
}
