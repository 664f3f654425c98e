import type { CallMetadata } from '@switchboard/contracts/calls';
import { currentTraceContext } from '@switchboard/telemetry/trace-context';
import { AccessToken, RoomAgentDispatch, RoomConfiguration } from 'livekit-server-sdk';
import type { LiveKitSettings } from './livekit-settings.ts';

/** The dispatch carries the request's trace (telemetry on): the worker's call span continues it. */
function withTrace(metadata: CallMetadata): CallMetadata {
  const traceContext = currentTraceContext();
  return traceContext ? { ...metadata, traceContext } : metadata;
}

/** Long enough to join, short enough that a leaked token is soon worthless. */
const TOKEN_TTL = '10m';

/**
 * A browser's ticket into the call's room. Joining creates the room, and the room configuration dispatches
 * the named agent with the call's metadata: one step, no race between the caller and the agent.
 */
export async function issueCallToken(
  livekit: LiveKitSettings,
  call: { roomName: string; identity: string; name: string; metadata: CallMetadata },
): Promise<string> {
  const token = new AccessToken(livekit.apiKey, livekit.apiSecret, {
    identity: call.identity,
    name: call.name,
    ttl: TOKEN_TTL,
  });
  token.addGrant({
    roomJoin: true,
    room: call.roomName,
    canPublish: true,
    canSubscribe: true,
    canPublishData: true,
  });
  token.roomConfig = new RoomConfiguration({
    agents: [
      new RoomAgentDispatch({
        agentName: livekit.agentName,
        metadata: JSON.stringify(withTrace(call.metadata)),
      }),
    ],
  });
  return token.toJwt();
}
