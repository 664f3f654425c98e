import type { OutboundPhoneCallMetadata } from '@switchboard/contracts/phone';
import { SipCallError, type SipClient } from 'livekit-server-sdk';
import type { EndReason } from '../runtime/call-session.ts';

/** The identity the dialled person has in the room; the worker waits for exactly this participant. */
export function outboundIdentity(callId: string): string {
  return `phone-${callId}`;
}

/** How long the phone rings before the call counts as not answered. */
export const RINGING_TIMEOUT_SECONDS = 45;

export type DialOutcome =
  | { answered: true; sipCallId: string | undefined }
  | { answered: false; phoneStatus: 'no_answer' | 'busy' | 'failed'; endReason: EndReason; detail: string };

/**
 * What a failed dial means, from the SIP response LiveKit reports (SipCallError.sipStatusCode): busy or
 * declined → busy; no answer, unavailable, ring timeout, cancelled → no_answer; anything else (a bad
 * number, the trunk refusing, LiveKit unreachable) → failed.
 */
export function dialFailureOf(error: unknown): Extract<DialOutcome, { answered: false }> {
  const code = error instanceof SipCallError ? error.sipStatusCode : undefined;
  const detail = error instanceof Error ? error.message : String(error);
  if (code === 486 || code === 600 || code === 603) {
    return { answered: false, phoneStatus: 'busy', endReason: 'busy', detail };
  }
  if (code === 408 || code === 480 || code === 487) {
    return { answered: false, phoneStatus: 'no_answer', endReason: 'no_answer', detail };
  }
  return { answered: false, phoneStatus: 'failed', endReason: 'dial_failed', detail };
}

/**
 * Dials the call's number into its room through the organization's outbound trunk and waits until it is
 * answered (createSipParticipant with waitUntilAnswered), as LiveKit's outbound-caller example does.
 */
export async function dialOut(
  sip: Pick<SipClient, 'createSipParticipant'>,
  {
    callId,
    phone,
    roomName,
  }: { callId: string; phone: OutboundPhoneCallMetadata['phone']; roomName: string },
): Promise<DialOutcome> {
  try {
    const info = await sip.createSipParticipant(phone.sipOutboundTrunkId, phone.toNumber, roomName, {
      fromNumber: phone.fromNumber,
      participantIdentity: outboundIdentity(callId),
      participantName: phone.toNumber,
      participantAttributes: { 'switchboard.callId': callId },
      ringingTimeout: RINGING_TIMEOUT_SECONDS,
      waitUntilAnswered: true,
      // The request itself outlives the ringing: LiveKit answers when the phone is picked up or gives up.
      timeout: RINGING_TIMEOUT_SECONDS + 15,
    });
    return { answered: true, sipCallId: info.sipCallId || undefined };
  } catch (error) {
    return dialFailureOf(error);
  }
}

/** LiveKit SIP's `sip.callStatus` attribute while dialling, as a phone status (only "ringing" moves it). */
export function ringingFrom(attributes: Record<string, string>): boolean {
  return attributes['sip.callStatus'] === 'ringing';
}
