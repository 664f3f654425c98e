import type { RoomDirectory } from '@switchboard/core/calls/sweep-stale-calls';
import { RoomServiceClient } from 'livekit-server-sdk';
import type { LiveKitCredentials } from './caller.ts';

/** A sweep waits this long for LiveKit's answer; without one, nothing is closed until the next sweep. */
const REQUEST_TIMEOUT_SECONDS = 10;

/** LiveKit's room list (RoomService.ListRooms), asked for the named rooms only. */
export function liveKitRoomDirectory(credentials: LiveKitCredentials): RoomDirectory {
  const client = new RoomServiceClient(credentials.url, credentials.apiKey, credentials.apiSecret, {
    requestTimeout: REQUEST_TIMEOUT_SECONDS,
  });
  return {
    async existingRooms(names) {
      const rooms = await client.listRooms(names);
      return new Set(rooms.map((room) => room.name));
    },
  };
}
