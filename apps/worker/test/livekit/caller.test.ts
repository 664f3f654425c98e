import { describe, expect, it } from 'vitest';
import { parseDispatch } from '../../src/livekit/call-metadata.ts';
import {
  callerNumberOf,
  inboundCallerOf,
  isPhoneCaller,
  phoneLineOf,
  toSipTarget,
} from '../../src/livekit/caller.ts';

const credentials = { url: 'wss://example.livekit.cloud', apiKey: 'k', apiSecret: 's' };
const phone = { identity: 'sip_1', attributes: { 'sip.callID': 'abc', 'sip.phoneNumber': '+4930123' } };
const web = { identity: 'user_1', attributes: {} };

describe('the caller', () => {
  it('tells a phone caller from a web caller, and reads the number', () => {
    expect(isPhoneCaller(phone)).toBe(true);
    expect(callerNumberOf(phone)).toBe('+4930123');
    expect(isPhoneCaller(web)).toBe(false);
    expect(callerNumberOf(web)).toBeUndefined();
    expect(phoneLineOf(web, 'room', credentials)).toBeUndefined();
    expect(phoneLineOf(phone, 'room', credentials)).toBeDefined();
  });

  it('reads what an inbound call records from the SIP attributes', () => {
    expect(
      inboundCallerOf({
        identity: 'sip_1',
        attributes: {
          'sip.callID': 'SCL_1',
          'sip.phoneNumber': '+4930123',
          'sip.trunkPhoneNumber': '+4930999',
          'sip.twilio.callSid': 'CA1',
        },
      }),
    ).toEqual({ fromNumber: '+4930123', toNumber: '+4930999', sipCallId: 'SCL_1', providerCallId: 'CA1' });
    expect(inboundCallerOf({ identity: 'sip_2', attributes: { 'sip.callID': 'SCL_2' } })).toEqual({
      fromNumber: undefined,
      toNumber: undefined,
      sipCallId: 'SCL_2',
      providerCallId: undefined,
    });
  });

  it('transfers to tel: URIs', () => {
    expect(toSipTarget('+49 (30) 555-000')).toBe('tel:+4930555000');
    expect(toSipTarget('sip:desk@pbx.example.com')).toBe('sip:desk@pbx.example.com');
  });
});

describe('dispatch metadata', () => {
  const valid = {
    callId: '6f1c1a57-8a8e-4a0e-9d43-5b8e2b1f3c11',
    organizationId: '0d6f1f7e-2b1a-4c3d-8e9f-1a2b3c4d5e6f',
    agentId: '9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d',
    agentVersion: 3,
  };

  it('is parsed, never trusted', () => {
    expect(parseDispatch(JSON.stringify(valid))).toEqual({ kind: 'call', metadata: valid });
    expect(parseDispatch(undefined)).toBeUndefined();
    expect(parseDispatch('not json')).toBeUndefined();
    expect(parseDispatch(JSON.stringify({ ...valid, agentVersion: 0 }))).toBeUndefined();
    expect(parseDispatch(JSON.stringify({ ...valid, extra: true }))).toBeUndefined();
  });

  it('tells an outbound phone call and an inbound phone dispatch apart', () => {
    const phone = {
      direction: 'outbound',
      toNumber: '+4930123456',
      fromNumber: '+4930999000',
      sipOutboundTrunkId: 'ST_1',
    };
    expect(parseDispatch(JSON.stringify({ ...valid, phone }))).toEqual({
      kind: 'call',
      metadata: { ...valid, phone },
    });
    const inbound = {
      kind: 'phone_inbound',
      organizationId: valid.organizationId,
      phoneNumberId: valid.agentId,
    };
    expect(parseDispatch(JSON.stringify(inbound))).toEqual({ kind: 'phone_inbound', metadata: inbound });
    expect(parseDispatch(JSON.stringify({ ...inbound, agentId: valid.agentId }))).toBeUndefined();
  });
});
