import type { OutboundPhoneCallMetadata } from '@switchboard/contracts/phone';
import { setPhoneStatus } from '@switchboard/core/calls/set-phone-status';
import type { Database } from '@switchboard/db/database';
import { withTenant } from '@switchboard/db/tenant';
import type { SipClient } from 'livekit-server-sdk';
import { type DialOutcome, dialOut, outboundIdentity, ringingFrom } from './dial-out.ts';

type AttributesListener = (
  changed: Record<string, string>,
  participant: { identity: string; attributes: Record<string, string> },
) => void;

/** The part of the job's room this reads: LiveKit SIP's attribute changes on the dialled participant. */
export interface DialRoom {
  on(event: 'participantAttributesChanged', listener: AttributesListener): unknown;
  off(event: 'participantAttributesChanged', listener: AttributesListener): unknown;
}

/**
 * Dials an outbound call, moving its phone status along (dialing, ringing when LiveKit SIP says so, then
 * answered with the SIP call id, or busy / no_answer / failed). A status that cannot be written is reported
 * to `onError` and the dial goes on: the caller must not wait on bookkeeping.
 */
export async function placeOutboundCall({
  workerDb,
  organizationId,
  callId,
  phone,
  roomName,
  room,
  sip,
  onError,
}: {
  workerDb: Database;
  organizationId: string;
  callId: string;
  phone: OutboundPhoneCallMetadata['phone'];
  roomName: string;
  room: DialRoom;
  sip: Pick<SipClient, 'createSipParticipant'>;
  onError: (error: unknown, what: string) => void;
}): Promise<DialOutcome> {
  const status = (next: Parameters<typeof setPhoneStatus>[2], sipCallId?: string) =>
    withTenant(workerDb, { orgId: organizationId }, (tx) =>
      setPhoneStatus(tx, callId, next, { sipCallId }),
    ).catch((error: unknown) => onError(error, `record the phone status ${next}`));
  await status('dialing');
  const ringing: Promise<unknown>[] = [];
  const onAttributes: AttributesListener = (_changed, who) => {
    if (who.identity === outboundIdentity(callId) && ringingFrom(who.attributes))
      ringing.push(status('ringing'));
  };
  room.on('participantAttributesChanged', onAttributes);
  const outcome = await dialOut(sip, { callId, phone, roomName });
  room.off('participantAttributesChanged', onAttributes);
  // "ringing" is written before what ended the dial, so the status reads in order.
  await Promise.all(ringing);
  await status(
    outcome.answered ? 'answered' : outcome.phoneStatus,
    outcome.answered ? outcome.sipCallId : undefined,
  );
  return outcome;
}
