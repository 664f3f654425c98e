import type { InboundCaller } from '@switchboard/core/calls/start-inbound-phone-call';
import { SipClient } from 'livekit-server-sdk';
import type { PhoneLine } from '../runtime/call-control.ts';

/** The parts of a LiveKit participant the worker reads. */
export interface Participant {
  identity: string;
  attributes: Record<string, string>;
}

export interface LiveKitCredentials {
  url: string;
  apiKey: string;
  apiSecret: string;
}

/** LiveKit SIP sets `sip.*` attributes on phone participants; web callers have none. */
export function isPhoneCaller(participant: Participant): boolean {
  return Boolean(participant.attributes['sip.callID'] ?? participant.attributes['sip.phoneNumber']);
}

/** The caller's number as LiveKit SIP reported it, or undefined (web calls, withheld numbers). */
export function callerNumberOf(participant: Participant): string | undefined {
  return participant.attributes['sip.phoneNumber']?.trim() || undefined;
}

/** What an inbound call's record needs from the SIP participant (core/calls/start-inbound-phone-call.ts). */
export function inboundCallerOf(participant: Participant): InboundCaller {
  const attribute = (name: string) => participant.attributes[name]?.trim() || undefined;
  return {
    fromNumber: callerNumberOf(participant),
    toNumber: attribute('sip.trunkPhoneNumber'),
    sipCallId: attribute('sip.callID'),
    // Set by LiveKit SIP for calls arriving over a Twilio trunk: the CallSid Twilio's callbacks name.
    providerCallId: attribute('sip.twilio.callSid'),
  };
}

/**
 * A phone caller's line: cold transfer through LiveKit SIP (SIP REFER), and the warm transfer when given
 * (livekit/warm-transfer.ts). Undefined for web callers.
 */
export function phoneLineOf(
  participant: Participant,
  room: string,
  credentials: LiveKitCredentials,
  warmTransfer?: PhoneLine['warmTransfer'],
): PhoneLine | undefined {
  if (!isPhoneCaller(participant)) return undefined;
  const sip = new SipClient(credentials.url, credentials.apiKey, credentials.apiSecret);
  return {
    transfer: (phoneNumber) =>
      sip.transferSipParticipant(room, participant.identity, toSipTarget(phoneNumber), {
        playDialtone: false,
      }),
    ...(warmTransfer && { warmTransfer }),
  };
}

/** `+49 30 1234` → `tel:+49301234`; SIP URIs pass through. */
export function toSipTarget(phoneNumber: string): string {
  const trimmed = phoneNumber.trim();
  if (/^(tel|sips?):/i.test(trimmed)) return trimmed;
  return `tel:${trimmed.replace(/[\s().-]/g, '')}`;
}
