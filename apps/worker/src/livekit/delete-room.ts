import { RoomServiceClient } from 'livekit-server-sdk';
import type { LiveKitCredentials } from './caller.ts';

/** Hangs up everyone still in the room (a phone caller included) by deleting it. */
export async function deleteRoom(credentials: LiveKitCredentials, room: string): Promise<void> {
  const client = new RoomServiceClient(credentials.url, credentials.apiKey, credentials.apiSecret);
  await client.deleteRoom(room);
}
