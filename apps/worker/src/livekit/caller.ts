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

/** A cold transfer through LiveKit SIP (SIP REFER), for phone callers only. */
export function phoneLineOf(
  participant: Participant,
  room: string,
  credentials: LiveKitCredentials,
): PhoneLine | undefined {
  if (!isPhoneCaller(participant)) return undefined;
  const sip = new SipClient(credentials.url, credentials.apiKey, credentials.apiSecret);
  return {
    transfer: (phoneNumber) =>
      sip.transferSipParticipant(room, participant.identity, toSipTarget(phoneNumber), {
        playDialtone: false,
      }),
  };
}

/** `+49 30 1234` → `tel:+49301234`; SIP URIs pass through. */
export function toSipTarget(phoneNumber: string): string {
  const trimmed = phoneNumber.trim();
  if (/^(tel|sips?):/i.test(trimmed)) return trimmed;
  return `tel:${trimmed.replace(/[\s().-]/g, '')}`;
}
