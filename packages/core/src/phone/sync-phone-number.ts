import type { InboundPhoneDispatchMetadata } from '@switchboard/contracts/phone';
import type { Database } from '@switchboard/db/database';
import { type Tx, withTenant } from '@switchboard/db/tenant';
import { z } from 'zod';
import { enqueueJob } from '../jobs/enqueue-job.ts';
import { enqueueWebhookEvent } from '../webhooks/enqueue-webhook-event.ts';
import {
  createTwilioClient,
  describePhoneError,
  openTwilioCredentials,
  type PhoneRuntime,
  PhoneSetupError,
} from './phone-runtime.ts';

export const SYNC_PHONE_NUMBER_TASK = 'sync_phone_number';

const PayloadSchema = z.object({
  organizationId: z.uuid(),
  phoneNumberId: z.uuid(),
  /** buy: purchase it first; import: check it is in the account; sync: assignment changed; release: give it up. */
  action: z.enum(['buy', 'import', 'sync', 'release']),
});
export type SyncPhoneNumberAction = z.infer<typeof PayloadSchema>['action'];

/**
 * Queues a sync of one number in the caller's transaction. The syncs of a number run one after another (its
 * own job queue): two overlapping syncs would each see no dispatch rule yet and both create one.
 */
export function enqueuePhoneNumberSync(
  tx: Tx,
  payload: z.infer<typeof PayloadSchema>,
  maxAttempts: number,
): Promise<void> {
  return enqueueJob(
    tx,
    SYNC_PHONE_NUMBER_TASK,
    payload,
    maxAttempts,
    `phone_number:${payload.phoneNumberId}`,
  );
}

/**
 * The worker-tier half of every change to a number: makes Twilio and LiveKit match its row. A number in
 * the account is attached to the organization's Elastic SIP trunk; LiveKit gets an inbound trunk for it, a
 * caller-ID entry on the outbound trunk, and — only while an agent is assigned — a dispatch rule that sends
 * each call into its own room with the agent dispatched (metadata: organization and number, never the
 * agent, so reassigning changes nothing at LiveKit). Each step is recorded or checked before the next, so a
 * repeated job continues rather than duplicates. Failures are outcomes on the row, not job errors.
 */
export async function syncPhoneNumber(
  deps: { workerDb: Database; phone: PhoneRuntime },
  payload: unknown,
): Promise<void> {
  const { organizationId, phoneNumberId, action } = PayloadSchema.parse(payload);
  const tenant = { orgId: organizationId };
  const loaded = await withTenant(deps.workerDb, tenant, async (tx) => ({
    number: await tx
      .selectFrom('phoneNumbers')
      .selectAll()
      .where('id', '=', phoneNumberId)
      .executeTakeFirst(),
    connection: await tx
      .selectFrom('phoneConnections')
      .selectAll()
      .where('organizationId', '=', organizationId)
      .executeTakeFirst(),
  }));
  const { number, connection } = loaded;
  if (!number) return;
  const record = (values: {
    twilioSid?: string;
    friendlyName?: string | null;
    livekitInboundTrunkId?: string | null;
    livekitDispatchRuleId?: string | null;
    status?: 'ready' | 'error';
    lastError?: string | null;
  }) =>
    withTenant(deps.workerDb, tenant, (tx) =>
      tx
        .updateTable('phoneNumbers')
        .set({ ...values, updatedAt: new Date() })
        .where('id', '=', phoneNumberId)
        .execute(),
    );
  try {
    const { sip } = deps.phone;
    if (!sip) throw new PhoneSetupError('LiveKit SIP is not configured (set LIVEKIT_SIP_URI)');
    if (connection?.status !== 'ready' || !connection.twilioTrunkSid || !connection.livekitOutboundTrunkId)
      throw new PhoneSetupError('The Twilio connection is not ready');
    const twilio = createTwilioClient(deps.phone, openTwilioCredentials(deps.phone, connection));

    if (action === 'release') {
      if (number.livekitDispatchRuleId) await sip.deleteDispatchRule(number.livekitDispatchRuleId);
      if (number.livekitInboundTrunkId) {
        await sip.deleteTrunk(number.livekitInboundTrunkId);
        await sip.setOutboundNumber(connection.livekitOutboundTrunkId, number.e164, false);
      }
      if (number.twilioSid) await twilio.incomingPhoneNumbers(number.twilioSid).remove();
      await withTenant(deps.workerDb, tenant, async (tx) => {
        const released = await tx
          .deleteFrom('phoneNumbers')
          .where('id', '=', phoneNumberId)
          .executeTakeFirst();
        if (released.numDeletedRows === 0n) return;
        await enqueueWebhookEvent(tx, {
          organizationId,
          type: 'phone_number.released',
          data: {
            phoneNumber: { id: phoneNumberId, e164: number.e164 },
            releasedAt: new Date().toISOString(),
          },
        });
      });
      return;
    }

    let twilioSid = number.twilioSid;
    if (!twilioSid) {
      // Only a bought number starts without a SID; the purchase is the step that costs money, so it is
      // recorded at once (a retry finds the SID and does not buy twice).
      const bought = await twilio.incomingPhoneNumbers.create({
        phoneNumber: number.e164,
        friendlyName: `Switchboard ${number.e164}`,
      });
      twilioSid = bought.sid;
      await record({ twilioSid, friendlyName: bought.friendlyName });
    } else if (action === 'import') {
      const existing = await twilio.incomingPhoneNumbers(twilioSid).fetch();
      if (existing.phoneNumber !== number.e164)
        throw new PhoneSetupError(
          `${twilioSid} is ${existing.phoneNumber} in the Twilio account, not ${number.e164}`,
        );
      await record({ friendlyName: existing.friendlyName });
    }

    const onTrunk = await twilio.trunking.v1.trunks(connection.twilioTrunkSid).phoneNumbers.list();
    if (!onTrunk.some((entry) => entry.sid === twilioSid)) {
      // Attaching a number to a trunk replaces its voice URL: calls to it go over SIP to LiveKit.
      await twilio.trunking.v1
        .trunks(connection.twilioTrunkSid)
        .phoneNumbers.create({ phoneNumberSid: twilioSid });
    }

    let inboundTrunkId = number.livekitInboundTrunkId;
    if (!inboundTrunkId) {
      inboundTrunkId = await sip.createInboundTrunk(`switchboard-${phoneNumberId}`, number.e164);
      await record({ livekitInboundTrunkId: inboundTrunkId });
      await sip.setOutboundNumber(connection.livekitOutboundTrunkId, number.e164, true);
    }

    let ruleId = number.livekitDispatchRuleId;
    if (number.agentId && !ruleId) {
      const metadata: InboundPhoneDispatchMetadata = { kind: 'phone_inbound', organizationId, phoneNumberId };
      ruleId = await sip.createDispatchRule(
        `switchboard-${phoneNumberId}`,
        inboundTrunkId,
        JSON.stringify(metadata),
      );
    } else if (!number.agentId && ruleId) {
      // No agent: no rule, so LiveKit turns the call away rather than opening a room nobody answers.
      await sip.deleteDispatchRule(ruleId);
      ruleId = null;
    }
    await record({ livekitDispatchRuleId: ruleId, status: 'ready', lastError: null });
  } catch (error) {
    await record({ status: 'error', lastError: describePhoneError(error) });
  }
}
