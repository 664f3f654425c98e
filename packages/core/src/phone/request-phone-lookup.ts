import type { PhoneLookup } from '@switchboard/contracts/phone';
import type { Tx } from '@switchboard/db/tenant';
import type { OrgScope } from '../access/actor.ts';
import { AppError, notFound } from '../errors.ts';
import { enqueueJob } from '../jobs/enqueue-job.ts';
import { ANSWER_PHONE_REQUEST_TASK, type TwilioAccountNumber } from './answer-phone-request.ts';

/**
 * Asks Twilio, through the worker tier (the API never holds the credentials): which numbers can be bought
 * (`search_numbers`, input: country, area code, type) or which are in the account (`list_account_numbers`).
 */
export async function requestPhoneLookup(
  { tx, actor, membership }: OrgScope,
  kind: PhoneLookup['kind'],
  input: Record<string, unknown>,
): Promise<PhoneLookup> {
  const connection = await tx.selectFrom('phoneConnections').select('status').executeTakeFirst();
  if (connection?.status !== 'ready') throw new AppError('PHONE_NOT_READY', 'Connect Twilio first');
  const { id } = await tx
    .insertInto('phoneRequests')
    .values({
      organizationId: membership.organizationId,
      kind,
      input: JSON.stringify(input),
      requestedBy: actor.userId,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  // One attempt: the dashboard asks again if it wants another answer.
  await enqueueJob(
    tx,
    ANSWER_PHONE_REQUEST_TASK,
    { organizationId: membership.organizationId, requestId: id },
    1,
  );
  return getPhoneLookup(tx, id);
}

export async function getPhoneLookup(tx: Tx, lookupId: string): Promise<PhoneLookup> {
  const row = await tx
    .selectFrom('phoneRequests')
    .select(['id', 'kind', 'status', 'result', 'error'])
    .where('id', '=', lookupId)
    .executeTakeFirst();
  if (!row) throw notFound('Lookup');
  const kind = row.kind as PhoneLookup['kind'];
  const succeeded = row.status === 'succeeded';
  let accountNumbers: PhoneLookup['accountNumbers'] = null;
  if (succeeded && kind === 'list_account_numbers') {
    const managed = new Set(
      (await tx.selectFrom('phoneNumbers').select('twilioSid').execute()).map((number) => number.twilioSid),
    );
    accountNumbers = (row.result as unknown as TwilioAccountNumber[]).map((number) => ({
      ...number,
      imported: managed.has(number.twilioSid),
    }));
  }
  return {
    id: row.id,
    kind,
    status: row.status as PhoneLookup['status'],
    available:
      succeeded && kind === 'search_numbers' ? (row.result as unknown as PhoneLookup['available']) : null,
    accountNumbers,
    error: row.error,
  };
}
