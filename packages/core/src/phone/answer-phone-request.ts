import type { AvailableNumber } from '@switchboard/contracts/phone';
import { SearchNumbersQuerySchema } from '@switchboard/contracts/phone';
import type { Database } from '@switchboard/db/database';
import { withTenant } from '@switchboard/db/tenant';
import { z } from 'zod';
import {
  createTwilioClient,
  describePhoneError,
  openTwilioCredentials,
  type PhoneRuntime,
} from './phone-runtime.ts';

export const ANSWER_PHONE_REQUEST_TASK = 'answer_phone_request';

const PayloadSchema = z.object({ organizationId: z.uuid(), requestId: z.uuid() });
const SEARCH_LIMIT = 20;
const ACCOUNT_LIMIT = 200;

/** A number in the Twilio account, as stored in the request's result. */
export interface TwilioAccountNumber {
  twilioSid: string;
  e164: string;
  friendlyName: string | null;
}

/**
 * The worker-tier half of the questions the Phone numbers page asks Twilio (which numbers can be bought,
 * which are in the account): runs them with the organization's credentials and stores the answer on the
 * request row, which the dashboard polls.
 */
export async function answerPhoneRequest(
  deps: { workerDb: Database; phone: PhoneRuntime },
  payload: unknown,
): Promise<void> {
  const { organizationId, requestId } = PayloadSchema.parse(payload);
  const tenant = { orgId: organizationId };
  const { request, connection } = await withTenant(deps.workerDb, tenant, async (tx) => ({
    request: await tx.selectFrom('phoneRequests').selectAll().where('id', '=', requestId).executeTakeFirst(),
    connection: await tx
      .selectFrom('phoneConnections')
      .selectAll()
      .where('organizationId', '=', organizationId)
      .executeTakeFirst(),
  }));
  if (request?.status !== 'pending') return;
  let outcome: { status: 'succeeded'; result: unknown } | { status: 'failed'; error: string };
  try {
    if (!connection) throw new Error('Twilio is not connected');
    const twilio = createTwilioClient(deps.phone, openTwilioCredentials(deps.phone, connection));
    if (request.kind === 'search_numbers') {
      const query = SearchNumbersQuerySchema.parse(request.input);
      const country = twilio.availablePhoneNumbers(query.country);
      const filter = { limit: SEARCH_LIMIT, ...(query.areaCode && { areaCode: Number(query.areaCode) }) };
      const found =
        query.type === 'toll_free'
          ? await country.tollFree.list(filter)
          : query.type === 'mobile'
            ? await country.mobile.list(filter)
            : await country.local.list(filter);
      const result: AvailableNumber[] = found.map((number) => ({
        e164: number.phoneNumber,
        friendlyName: number.friendlyName,
        locality: number.locality || null,
        region: number.region || null,
        country: number.isoCountry,
      }));
      outcome = { status: 'succeeded', result };
    } else {
      const found = await twilio.incomingPhoneNumbers.list({ limit: ACCOUNT_LIMIT });
      const result: TwilioAccountNumber[] = found.map((number) => ({
        twilioSid: number.sid,
        e164: number.phoneNumber,
        friendlyName: number.friendlyName || null,
      }));
      outcome = { status: 'succeeded', result };
    }
  } catch (error) {
    outcome = { status: 'failed', error: describePhoneError(error) };
  }
  await withTenant(deps.workerDb, tenant, (tx) =>
    tx
      .updateTable('phoneRequests')
      .set({
        status: outcome.status,
        result: outcome.status === 'succeeded' ? JSON.stringify(outcome.result) : null,
        error: outcome.status === 'failed' ? outcome.error : null,
        finishedAt: new Date(),
      })
      .where('id', '=', requestId)
      .execute(),
  );
}
