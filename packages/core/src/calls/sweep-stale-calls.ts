import type { Database, SystemDatabase } from '@switchboard/db/database';
import { type Tx, withSystem, withTenant } from '@switchboard/db/tenant';
import { sql } from 'kysely';
import { meterLostCall } from '../billing/meter-lost-call.ts';
import { closeCall } from './close-call.ts';

/** The job runner's task name; a cron item runs it every minute (task-list.ts). */
export const SWEEP_STALE_CALLS_TASK = 'sweep_stale_calls';

/**
 * A call token is valid for 10 minutes (apps/api/src/livekit/issue-call-token.ts), so a room may still be
 * created that long after the call row: past this, a call no worker ever picked up will not start.
 */
export const NEVER_JOINED_AFTER = '15 minutes';
/**
 * The voice worker writes a heartbeat every ~10 s; after this many missed ones it is gone (crashed,
 * killed, or cut off from the database for as long).
 */
export const WORKER_LOST_AFTER = '2 minutes';
const BATCH_SIZE = 100;

/** LiveKit's list of rooms, as far as the sweeper needs it. */
export interface RoomDirectory {
  /** Which of `names` are rooms LiveKit has now. Throws when LiveKit cannot be asked. */
  existingRooms(names: string[]): Promise<Set<string>>;
}

export interface SweepDeps {
  systemDb: SystemDatabase;
  /** Absent when LiveKit is not configured: then the database's signs alone decide. */
  rooms?: RoomDirectory | undefined;
  /**
   * Metering (absent when BILLING_METERING is off): a lost call's seconds up to its last heartbeat that its
   * worker did not debit are debited, in the organization's own transaction, before the call is closed.
   */
  billing?: { workerDb: Database } | undefined;
  logger: { info(message: string): void; warn(message: string): void };
}

export interface SweepResult {
  closed: { callId: string; endReason: string }[];
  /** Stale by the database's signs, but LiveKit still has the room: a call still in progress. */
  roomsAlive: number;
  /** Stale by the database's signs, left for the next run because LiveKit could not be asked. */
  unconfirmed: number;
}

/**
 * Why an unfinalized call should be closed now, or null while it may still be alive. Computed by the
 * database, on its clock, both when looking for stale calls and again under the row lock before closing.
 * - `never_joined`: still `created`, no worker ever wrote a heartbeat, and its token has run out;
 * - `worker_lost`: its worker's heartbeat (or, before the first one, the start) is older than the bound;
 * - otherwise (already `ended`, by the webhook before migration 014): finalized with the reason it has.
 */
const staleReason = sql<string | null>`case
  when status = 'created' and worker_heartbeat_at is null then
    case when created_at < now() - ${NEVER_JOINED_AFTER}::interval then 'never_joined' end
  when status in ('created', 'active') then
    case when coalesce(worker_heartbeat_at, started_at, created_at) < now() - ${WORKER_LOST_AFTER}::interval
      then 'worker_lost' end
  else
    case when coalesce(ended_at, created_at) < now() - ${WORKER_LOST_AFTER}::interval
      then coalesce(end_reason, 'room_closed') end
end`;

/**
 * Closes calls nobody will close: a worker that crashed mid-call, a token never used, anywhere LiveKit's
 * webhooks are not configured or were lost. Works across tenants, so through the system door. Where
 * LiveKit is configured, a call is closed only once LiveKit confirms its room is gone: a room that is still
 * there is a call in progress (its worker may only be cut off from the database) and is left alone.
 * Idempotent: a closed call is finalized, and finalized calls are never looked at again.
 */
export async function sweepStaleCalls(deps: SweepDeps): Promise<SweepResult> {
  const result: SweepResult = { closed: [], roomsAlive: 0, unconfirmed: 0 };
  let after: string | undefined;
  for (;;) {
    const batch = await withSystem(deps.systemDb, 'calls sweeper: find stale calls', (tx) =>
      findStale(tx, after),
    );
    if (batch.length === 0) return result;
    after = batch[batch.length - 1]?.id;

    // Only open calls have a room to ask about; a call already ended needs finalizing whatever LiveKit says.
    const open = batch.filter((call) => call.status === 'created' || call.status === 'active');
    let alive = new Set<string>();
    let isConfirmed = true;
    if (deps.rooms && open.length > 0) {
      try {
        alive = await deps.rooms.existingRooms(open.map((call) => call.roomName));
      } catch (error) {
        isConfirmed = false;
        deps.logger.warn(
          `calls sweeper: LiveKit's room list is unavailable (${error instanceof Error ? error.message : String(error)}); ${open.length} stale calls wait for the next run`,
        );
      }
    }
    const stale = batch.filter((call) => {
      if (call.status !== 'created' && call.status !== 'active') return true;
      if (!isConfirmed) {
        result.unconfirmed += 1;
        return false;
      }
      if (alive.has(call.roomName)) {
        result.roomsAlive += 1;
        return false;
      }
      return true;
    });
    const toClose: typeof stale = [];
    for (const call of stale) {
      if (await isBilled(deps, call)) toClose.push(call);
    }
    if (toClose.length > 0) {
      const closed = await withSystem(deps.systemDb, 'calls sweeper: close stale calls', (tx) =>
        closeStale(
          tx,
          toClose.map((call) => call.id),
        ),
      );
      for (const call of closed) {
        deps.logger.info(`calls sweeper: closed call ${call.callId} (${call.endReason})`);
        result.closed.push(call);
      }
    }
    if (batch.length < BATCH_SIZE) return result;
  }
}

/**
 * Debits what the call's worker did not before the call is closed (closed calls are never looked at
 * again). False when that failed: the call stays open for the next run.
 */
async function isBilled(
  deps: SweepDeps,
  call: { id: string; organizationId: string; durationSeconds: number | null },
): Promise<boolean> {
  if (!deps.billing || !call.durationSeconds) return true;
  try {
    await withTenant(deps.billing.workerDb, { orgId: call.organizationId }, (tx) =>
      meterLostCall(tx, { organizationId: call.organizationId, callId: call.id }),
    );
    return true;
  } catch (error) {
    deps.logger.warn(
      `calls sweeper: could not debit call ${call.id} (${error instanceof Error ? error.message : String(error)}); it waits for the next run`,
    );
    return false;
  }
}

function findStale(tx: Tx, after: string | undefined) {
  let query = tx
    .selectFrom('calls')
    .select(['id', 'organizationId', 'status', 'roomName', 'durationSeconds'])
    .where('finalizedAt', 'is', null)
    .where(staleReason, 'is not', null);
  if (after !== undefined) query = query.where('id', '>', after);
  return query.orderBy('id').limit(BATCH_SIZE).execute();
}

/**
 * Re-reads each call under its row lock (a heartbeat may have arrived, or the worker or webhook finalized
 * it, since it was found) and closes those still stale. A call locked by its worker right now is skipped:
 * it is clearly not lost, and the next run looks again.
 */
async function closeStale(tx: Tx, ids: string[]) {
  const calls = await tx
    .selectFrom('calls')
    .select([
      'id',
      'startedAt',
      'endedAt',
      'durationSeconds',
      'workerHeartbeatAt',
      staleReason.as('reason'),
      sql<Date>`now()`.as('now'),
    ])
    .where('id', 'in', ids)
    .where('finalizedAt', 'is', null)
    .forUpdate()
    .skipLocked()
    .execute();
  const closed: SweepResult['closed'] = [];
  for (const call of calls) {
    if (call.reason === null) continue;
    const endedAt = call.endedAt ?? lastSignOfLife(call);
    // The duration so far (the worker's heartbeat writes it) is never shortened.
    const sinceStart = call.startedAt
      ? Math.max(0, Math.round((endedAt.getTime() - call.startedAt.getTime()) / 1000))
      : 0;
    const durationSeconds =
      call.reason === 'never_joined' ? 0 : Math.max(sinceStart, call.durationSeconds ?? 0);
    if (await closeCall(tx, { callId: call.id, endReason: call.reason, endedAt, durationSeconds })) {
      closed.push({ callId: call.id, endReason: call.reason });
    }
  }
  return closed;
}

/**
 * When a call that is not ended yet ended, as far as anyone can tell: a lost worker's call with its last
 * heartbeat (the usage written with it covers the call up to then); a call that never started, now.
 */
function lastSignOfLife(call: {
  reason: string | null;
  workerHeartbeatAt: Date | null;
  startedAt: Date | null;
  now: Date;
}) {
  if (call.reason === 'never_joined') return call.now;
  return call.workerHeartbeatAt ?? call.startedAt ?? call.now;
}
