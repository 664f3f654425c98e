import type { SystemDatabase } from '@switchboard/db/database';
import { withSystem } from '@switchboard/db/tenant';
import { sql } from 'kysely';
import { closeCall } from './close-call.ts';

export type RoomEvent = {
  /** LiveKit's id of the event, the same on every delivery of it. */
  id: string;
  kind: 'room_started' | 'room_finished';
  roomName: string;
  /** When LiveKit created the event; null when it did not say. */
  at: Date | null;
};

/**
 * `recorded`: the event was new and timely, and the call took from it what the rules below allow;
 * `duplicate`: this event id was seen before; `untimely`: created more than MAX_EVENT_AGE_MS ago or more
 * than MAX_CLOCK_SKEW_MS ahead (or undated), so it may be a replay whose id has been forgotten.
 */
export type RoomEventOutcome = 'recorded' | 'duplicate' | 'untimely';

/** A webhook arrives within seconds; one older than this is a replay or hopelessly late. */
export const MAX_EVENT_AGE_MS = 5 * 60_000;
/** How far LiveKit's clock may run ahead of ours. */
export const MAX_CLOCK_SKEW_MS = 60_000;
/** Event ids are kept well past the age limit, after which the age check alone refuses a replay. */
const EVENT_ID_RETENTION = '1 hour';

/**
 * LiveKit's authoritative room times, from its webhooks (a system door: a webhook knows only the room).
 * Each event is applied once and only while fresh; times only ever move the way time does: `started_at`
 * only earlier, `ended_at` only later, and an ended call stays ended (a late `room_started` changes
 * nothing). The end also closes and finalizes a call the worker did not finalize first (closeCall), e.g.
 * because no agent ever joined or its worker crashed.
 */
export async function recordRoomEvent(systemDb: SystemDatabase, event: RoomEvent): Promise<RoomEventOutcome> {
  const { at } = event;
  const now = Date.now();
  if (at === null || at.getTime() < now - MAX_EVENT_AGE_MS || at.getTime() > now + MAX_CLOCK_SKEW_MS) {
    return 'untimely';
  }
  return withSystem(systemDb, 'livekit webhook: room times', async (tx) => {
    await tx
      .deleteFrom('livekitWebhookEvents')
      .where('receivedAt', '<', sql<Date>`now() - ${EVENT_ID_RETENTION}::interval`)
      .execute();
    // A concurrent delivery of the same event waits here on the primary key, then finds it taken.
    const isNew = await tx
      .insertInto('livekitWebhookEvents')
      .values({ eventId: event.id })
      .onConflict((conflict) => conflict.column('eventId').doNothing())
      .returning('eventId')
      .executeTakeFirst();
    if (!isNew) return 'duplicate';

    const call = await tx
      .selectFrom('calls')
      .select(['id', 'status', 'startedAt', 'endedAt'])
      .where('roomName', '=', event.roomName)
      .forUpdate()
      .executeTakeFirst();
    if (!call) return 'recorded';
    const isEnded = call.status === 'ended' || call.endedAt !== null;

    if (event.kind === 'room_started') {
      if (!isEnded && (call.startedAt === null || at < call.startedAt)) {
        await tx.updateTable('calls').set({ startedAt: at }).where('id', '=', call.id).execute();
      }
      return 'recorded';
    }
    if (call.endedAt !== null && at <= call.endedAt) return 'recorded';
    if (call.status !== 'created' && call.status !== 'active') {
      // Finalized already, usually by its worker just before the room closed: LiveKit's later end only.
      await tx.updateTable('calls').set({ endedAt: at }).where('id', '=', call.id).execute();
      return 'recorded';
    }
    const startedAt = call.startedAt ?? at;
    await closeCall(tx, {
      callId: call.id,
      endReason: call.status === 'created' ? 'never_joined' : 'room_closed',
      endedAt: at,
      durationSeconds: Math.max(0, Math.round((at.getTime() - startedAt.getTime()) / 1000)),
    });
    return 'recorded';
  });
}
