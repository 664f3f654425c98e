import type { Database } from '@switchboard/db/database';
import { withSystem } from '@switchboard/db/tenant';

export type RoomEvent = { kind: 'room_started' | 'room_finished'; roomName: string; at: Date };

/**
 * LiveKit's authoritative room times, from its webhooks (a system door: a webhook knows only the room).
 * The end also closes a call the worker never finalized, e.g. because no agent ever joined.
 */
export async function recordRoomEvent(db: Database, event: RoomEvent): Promise<void> {
  await withSystem(db, 'livekit webhook: room times', async (tx) => {
    const call = await tx
      .selectFrom('calls')
      .select(['id', 'status', 'startedAt'])
      .where('roomName', '=', event.roomName)
      .executeTakeFirst();
    if (!call) return;
    if (event.kind === 'room_started') {
      await tx.updateTable('calls').set({ startedAt: event.at }).where('id', '=', call.id).execute();
      return;
    }
    const startedAt = call.startedAt ?? event.at;
    await tx
      .updateTable('calls')
      .set({
        endedAt: event.at,
        ...(call.status !== 'ended' && {
          status: 'ended',
          endReason: call.status === 'created' ? 'never_joined' : 'room_closed',
          durationSeconds: Math.max(0, Math.round((event.at.getTime() - startedAt.getTime()) / 1000)),
        }),
      })
      .where('id', '=', call.id)
      .execute();
  });
}
