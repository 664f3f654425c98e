import type { PhoneNumber } from '@switchboard/contracts/phone';
import type { Tx } from '@switchboard/db/tenant';
import type { OrgScope } from '../access/actor.ts';
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

type PhoneNumberRow = Awaited<ReturnType<ReturnType<typeof selectPhoneNumbers>['executeTakeFirstOrThrow']>>;

function toPhoneNumber(row: PhoneNumberRow): PhoneNumber {
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

/** The organization's numbers in the order they were added; the request's last statement (with COMMIT). */
export async function listPhoneNumbers({ tx, commitWith }: OrgScope): Promise<PhoneNumber[]> {
  const rows = await commitWith(selectPhoneNumbers(tx).orderBy('phoneNumbers.createdAt'));
  return rows.map(toPhoneNumber);
}

export async function findPhoneNumber(tx: Tx, phoneNumberId: string): Promise<PhoneNumber> {
  return theNumber(await selectPhoneNumbers(tx).where('phoneNumbers.id', '=', phoneNumberId).execute());
}

/** A number's page: findPhoneNumber as the request's last statement, which travels with COMMIT. */
export async function getPhoneNumber(
  { tx, commitWith }: OrgScope,
  phoneNumberId: string,
): Promise<PhoneNumber> {
  return theNumber(await commitWith(selectPhoneNumbers(tx).where('phoneNumbers.id', '=', phoneNumberId)));
}

function theNumber([row]: PhoneNumberRow[]): PhoneNumber {
  if (!row) throw notFound('Phone number');
  return toPhoneNumber(row);
}
