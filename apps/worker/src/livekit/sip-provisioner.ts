import { INBOUND_ROOM_PREFIX } from '@switchboard/contracts/phone';
import type { SipProvisioner } from '@switchboard/core/phone/phone-runtime';
import { RoomAgentDispatch, RoomConfiguration, SipClient } from 'livekit-server-sdk';

type OutboundTrunkOptions = NonNullable<Parameters<SipClient['createSipOutboundTrunk']>[3]>;
/** SIPTransport.SIP_TRANSPORT_AUTO (the enum lives in @livekit/protocol, which the SDK does not re-export). */
const SIP_TRANSPORT_AUTO = 0 as OutboundTrunkOptions['transport'];
type ListUpdate = NonNullable<
  NonNullable<Parameters<SipClient['updateSipOutboundTrunkFields']>[1]>['numbers']
>;

/** LiveKit's SIP service through livekit-server-sdk's SipClient (Twirp, /twirp/livekit.SIP/…). */
export function liveKitSipProvisioner(settings: {
  url: string;
  apiKey: string;
  apiSecret: string;
  sipUri: string;
  agentName: string;
}): SipProvisioner {
  const client = new SipClient(settings.url, settings.apiKey, settings.apiSecret);
  // The SDK accepts a partial ListUpdate message (it builds the protobuf from it).
  const listUpdate = (update: { add?: string[]; remove?: string[] }) => update as unknown as ListUpdate;
  return {
    sipUri: settings.sipUri,
    async createInboundTrunk(name, e164) {
      // Krisp noise cancellation on the phone leg, as LiveKit recommends for telephony.
      const trunk = await client.createSipInboundTrunk(name, [e164], { krispEnabled: true });
      return trunk.sipTrunkId;
    },
    async deleteTrunk(trunkId) {
      await client.deleteSipTrunk(trunkId);
    },
    async createDispatchRule(name, trunkId, metadata) {
      const rule = await client.createSipDispatchRule(
        { type: 'individual', roomPrefix: INBOUND_ROOM_PREFIX },
        {
          name,
          trunkIds: [trunkId],
          roomConfig: new RoomConfiguration({
            agents: [new RoomAgentDispatch({ agentName: settings.agentName, metadata })],
          }),
        },
      );
      return rule.sipDispatchRuleId;
    },
    async deleteDispatchRule(ruleId) {
      await client.deleteSipDispatchRule(ruleId);
    },
    async createOutboundTrunk(name, address, auth) {
      const trunk = await client.createSipOutboundTrunk(name, address, [], {
        // Twilio terminates over UDP or TCP; TLS needs Secure Trunking switched on at Twilio (docs/phone.md).
        transport: SIP_TRANSPORT_AUTO,
        authUsername: auth.username,
        authPassword: auth.password,
      });
      return trunk.sipTrunkId;
    },
    async setOutboundNumber(trunkId, e164, present) {
      await client.updateSipOutboundTrunkFields(trunkId, {
        numbers: listUpdate(present ? { add: [e164] } : { remove: [e164] }),
      });
    },
  };
}
