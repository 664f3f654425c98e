import { setTimeout as delay } from 'node:timers/promises';
import type { Database } from '@switchboard/db/database';
import { type Tx, withTenant } from '@switchboard/db/tenant';
import { sql } from 'kysely';
import { queueCallAnalysis } from '../analysis/queue-call-analysis.ts';
import type { CallRate } from '../billing/call-rate.ts';
import { debitCall } from '../billing/debit-call.ts';
import type { CallDebit } from '../billing/meter-call.ts';
import { emitCallStarted, queueCallEnded } from '../webhooks/call-events.ts';

export interface CallEnd {
  endReason: string;
  durationSeconds: number;
  usage: unknown;
  /** The call's rate when it is metered: its last seconds are debited before it is finalized. */
  rate?: CallRate | undefined;
}

/** One reply of the agent as the SDK measured it (milliseconds; null when not measured for this turn). */
export interface TurnLatency {
  /** The SDK's speech id, or a realtime response's request id. */
  speechId: string;
  endOfUtteranceMs: number | null;
  transcriptionMs: number | null;
  firstTokenMs: number | null;
  firstAudioMs: number | null;
  toolMs: number;
  toolCalls: number;
}

export interface CallProgress {
  durationSeconds: number;
  usage: unknown;
}

export interface CallRecorderOptions {
  /** The server's statement timeout for one attempt at one write; the client waits at most twice this. */
  writeTimeoutMs?: number;
  /** Attempts per write; after the last one the item is dropped and reported, and the queue moves on. */
  maxAttempts?: number;
  /** Delay before the first retry, doubled for each further one (at most 5 s). */
  retryDelayMs?: number;
  /** How long finalizing waits for queued writes, and then for its own write, before it gives up. */
  finalizeTimeoutMs?: number;
  /** Writes that were given up (the call goes on without them). */
  onError?: ((error: unknown, what: string) => void) | undefined;
}

/**
 * What the voice worker writes about a call. Nothing the conversation does waits for the database: items,
 * tool calls, the start and heartbeats are queued and written in order, each attempt bounded in time and
 * retried with backoff, every write idempotent (an attempt that timed out on the client and landed later
 * changes nothing). Only `claim` (before the call runs) and `finalize` (after it ended) are awaited, both
 * bounded. A crash loses at most the queue and the seconds since the last heartbeat and debit.
 */
export interface CallRecorder {
  /**
   * Takes the call for this job: true once, for the first job that asks (and again for that same job);
   * false when the call was claimed by another job, has ended or was finalized (a replayed token).
   * Throws when the database cannot answer in time.
   */
  claim(claimant: string): Promise<boolean>;
  /** The conversation started (first moment the agent is in the call). */
  markStarted(): void;
  /** The call is alive: duration and usage so far, stamped with the database's clock. */
  heartbeat(progress: CallProgress): void;
  addTranscriptItem(item: {
    role: 'user' | 'assistant' | 'system';
    text: string;
    interrupted?: boolean;
  }): void;
  startToolCall(call: {
    toolCallId: string;
    functionName: string;
    toolId?: string;
    arguments: unknown;
  }): void;
  finishToolCall(call: { toolCallId: string; result: unknown; isError: boolean }): void;
  /**
   * Writes what is known so far about a turn (all of it, each time: a later write for the same speech id
   * replaces the row). Turns are numbered in the order their speech ids are first seen.
   */
  recordTurn(turn: TurnLatency): void;
  /**
   * Debits the call's first `seconds` not yet debited (billing/meter-call.ts), queued like a heartbeat: a
   * newer debit waiting in the queue replaces an older one, whose promise then resolves null, as it does
   * when the write is given up. Resolves with the debit once written; never rejects.
   */
  debit(seconds: number, rate: CallRate): Promise<CallDebit | null>;
  /**
   * Waits for the queue (bounded), debits the call's last seconds when it is metered (a failure is
   * reported, the end is still written), then writes the end once. Resolves false when the call had
   * already been finalized; throws when the database did not take it in time (the sweeper closes the call
   * later).
   */
  finalize(end: CallEnd): Promise<boolean>;
  /**
   * Settles once everything queued so far was written or given up (each write is bounded): a text chat
   * runs one turn per job and must leave its record complete before the next turn numbers its items.
   */
  flush(): Promise<void>;
}

const MAX_RETRY_DELAY_MS = 5_000;

class WriteTimeoutError extends Error {
  override name = 'WriteTimeoutError';
}

/**
 * A write in a tenant transaction of its own, or (`alone`) one that is a single self-scoped statement and
 * needs none (a debit: billing/debit-call.ts).
 */
type Write<T> = ((tx: Tx) => Promise<T>) | { alone: () => Promise<T> };

interface QueuedWrite {
  what: string;
  write: Write<unknown>;
  /**
   * Writes of the call's state so far (heartbeats, debits) are replaced, in place, by a newer one of the
   * same kind waiting in the queue rather than piling up.
   */
  replaces?: 'heartbeat' | 'debit';
  /** Told the write's result once written, or null when it was given up or replaced. */
  settle?: (result: unknown) => void;
}

export function createCallRecorder(
  workerDb: Database,
  { organizationId, callId }: { organizationId: string; callId: string },
  {
    writeTimeoutMs = 3_000,
    maxAttempts = 6,
    retryDelayMs = 250,
    finalizeTimeoutMs = 12_000,
    onError = () => {},
  }: CallRecorderOptions = {},
): CallRecorder {
  const tenant = { orgId: organizationId };
  // A debit is one statement of its own (billing/debit-call.ts), not a tenant transaction: the call's
  // hottest write, every 10 s of every call.
  const debitOnce = (seconds: number, rate: CallRate) =>
    debitCall(workerDb, { organizationId, callId, seconds, rate }, { statementTimeoutMs: writeTimeoutMs });
  // Items are numbered as the worker saw them, synchronously: a failed write never holds up the numbers
  // after it. The claim continues after items a previous run of the same job wrote.
  let lastSeq = 0;
  // Turns likewise, by speech id.
  let lastTurn = 0;
  const turnIndexes = new Map<string, number>();
  const queue: QueuedWrite[] = [];
  let draining: Promise<void> | undefined;

  /**
   * One attempt, bounded twice: the server cancels a statement that waits (a lock, a slow disk) after
   * writeTimeoutMs (a one-statement debit: after the pool's statement timeout), so the outcome is known;
   * the client stops waiting after twice writeTimeoutMs, for a server that does not answer at all (its late
   * answer is harmless: every write is idempotent).
   */
  function attempt<T>(write: Write<T>): Promise<T> {
    const run =
      typeof write === 'function'
        ? withTenant(workerDb, tenant, write, { statementTimeoutMs: writeTimeoutMs })
        : write.alone();
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new WriteTimeoutError(`the database did not answer within ${2 * writeTimeoutMs} ms`)),
        2 * writeTimeoutMs,
      );
    });
    // The losing attempt may still fail later; it has been accounted for.
    run.catch(() => {});
    return Promise.race([run, timedOut]).finally(() => clearTimeout(timer));
  }

  async function withRetries<T>(write: Write<T>, deadline = Number.POSITIVE_INFINITY): Promise<T> {
    for (let attemptNumber = 1; ; attemptNumber += 1) {
      try {
        return await attempt(write);
      } catch (error) {
        const wait = Math.min(retryDelayMs * 2 ** (attemptNumber - 1), MAX_RETRY_DELAY_MS);
        if (attemptNumber >= maxAttempts || Date.now() + wait >= deadline) throw error;
        await delay(wait, undefined, { ref: false });
      }
    }
  }

  async function drain(): Promise<void> {
    for (let next = queue.shift(); next; next = queue.shift()) {
      try {
        const result = await withRetries(next.write);
        next.settle?.(result);
      } catch (error) {
        onError(error, next.what);
        next.settle?.(null);
      }
    }
  }

  function kick(): void {
    if (draining || queue.length === 0) return;
    // An item queued between the end of the loop and this callback is picked up by the next round.
    draining = drain().finally(() => {
      draining = undefined;
      kick();
    });
  }

  function enqueue(item: QueuedWrite): void {
    const older = item.replaces ? queue.findIndex((queued) => queued.replaces === item.replaces) : -1;
    if (older >= 0) {
      queue[older]?.settle?.(null);
      queue[older] = item;
    } else queue.push(item);
    kick();
  }

  return {
    async claim(claimant) {
      // The caller is waiting in the room: give up as soon as finalizing would.
      const deadline = Date.now() + finalizeTimeoutMs;
      return withRetries(async (tx) => {
        const claimed = await tx
          .updateTable('calls')
          .set({
            status: 'active',
            claimedAt: sql`coalesce(claimed_at, now())`,
            workerId: claimant,
            workerHeartbeatAt: sql`now()`,
          })
          .where('id', '=', callId)
          .where('endedAt', 'is', null)
          .where('finalizedAt', 'is', null)
          // The same job asking again (its first attempt landed after the client gave up on it) keeps it.
          .where((eb) => eb.or([eb('claimedAt', 'is', null), eb('workerId', '=', claimant)]))
          .returning('id')
          .executeTakeFirst();
        if (!claimed) return false;
        const row = await tx
          .selectFrom('callTranscriptItems')
          .select((eb) => eb.fn.max('seq').as('last'))
          .where('callId', '=', callId)
          .executeTakeFirst();
        lastSeq = Math.max(lastSeq, row?.last ?? 0);
        const turns = await tx
          .selectFrom('callTurns')
          .select((eb) => eb.fn.max('turnIndex').as('last'))
          .where('callId', '=', callId)
          .executeTakeFirst();
        lastTurn = Math.max(lastTurn, turns?.last ?? 0);
        return true;
      }, deadline);
    },

    markStarted() {
      const now = new Date();
      enqueue({
        what: 'mark the call started',
        write: async (tx) => {
          const before = await tx
            .selectFrom('calls')
            .select('startedAt')
            .where('id', '=', callId)
            .forUpdate()
            .executeTakeFirst();
          const started = await tx
            .updateTable('calls')
            .set((eb) => ({ status: 'active', startedAt: eb.fn.coalesce('startedAt', eb.val(now)) }))
            .where('id', '=', callId)
            // A call the room's webhook already ended stays ended.
            .where('endedAt', 'is', null)
            .where('finalizedAt', 'is', null)
            .executeTakeFirst();
          // Once per call: a retried write (or a second job for the same call) finds startedAt set.
          if (started.numUpdatedRows > 0n && before?.startedAt === null) await emitCallStarted(tx, callId);
        },
      });
    },

    heartbeat({ durationSeconds, usage }) {
      enqueue({
        what: 'write a heartbeat',
        replaces: 'heartbeat',
        write: (tx) =>
          tx
            .updateTable('calls')
            .set({ workerHeartbeatAt: sql`now()`, durationSeconds, usage: JSON.stringify(usage ?? null) })
            .where('id', '=', callId)
            .where('finalizedAt', 'is', null)
            .execute(),
      });
    },

    addTranscriptItem({ role, text, interrupted = false }) {
      lastSeq += 1;
      const seq = lastSeq;
      enqueue({
        what: `record transcript item ${seq}`,
        write: (tx) =>
          tx
            .insertInto('callTranscriptItems')
            .values({ organizationId, callId, seq, role, text, interrupted })
            .onConflict((conflict) => conflict.columns(['callId', 'seq']).doNothing())
            .execute(),
      });
    },

    startToolCall({ toolCallId, functionName, toolId, arguments: args }) {
      const startedAt = new Date();
      enqueue({
        what: `record the start of tool call ${toolCallId}`,
        write: (tx) =>
          tx
            .insertInto('callToolCalls')
            .values({
              organizationId,
              callId,
              toolCallId,
              functionName,
              toolId: toolId ?? null,
              arguments: JSON.stringify(args ?? null),
              startedAt,
            })
            .onConflict((conflict) => conflict.columns(['callId', 'toolCallId']).doNothing())
            .execute(),
      });
    },

    finishToolCall({ toolCallId, result, isError }) {
      const finishedAt = new Date();
      enqueue({
        what: `record the result of tool call ${toolCallId}`,
        write: (tx) =>
          tx
            .updateTable('callToolCalls')
            .set({ result: JSON.stringify(result ?? null), isError, finishedAt })
            .where('callId', '=', callId)
            .where('toolCallId', '=', toolCallId)
            .execute(),
      });
    },

    recordTurn(turn) {
      let turnIndex = turnIndexes.get(turn.speechId);
      if (turnIndex === undefined) {
        lastTurn += 1;
        turnIndex = lastTurn;
        turnIndexes.set(turn.speechId, turnIndex);
      }
      const values = {
        endOfUtteranceMs: turn.endOfUtteranceMs,
        transcriptionMs: turn.transcriptionMs,
        firstTokenMs: turn.firstTokenMs,
        firstAudioMs: turn.firstAudioMs,
        toolMs: turn.toolMs,
        toolCalls: turn.toolCalls,
      };
      enqueue({
        what: `record turn ${turnIndex}`,
        write: (tx) =>
          tx
            .insertInto('callTurns')
            .values({ organizationId, callId, turnIndex, speechId: turn.speechId, ...values })
            .onConflict((conflict) => conflict.columns(['callId', 'speechId']).doUpdateSet(values))
            .execute(),
      });
    },

    debit(seconds, rate) {
      return new Promise<CallDebit | null>((resolve) => {
        enqueue({
          what: `debit the call's first ${seconds} s`,
          replaces: 'debit',
          write: { alone: () => debitOnce(seconds, rate) },
          settle: (result) => resolve(result as CallDebit | null),
        });
      });
    },

    async flush() {
      while (draining) await draining;
    },

    async finalize({ endReason, durationSeconds, usage, rate }) {
      const deadline = Date.now() + finalizeTimeoutMs;
      // The record is complete when it can be; a stalled queue does not keep the call from ending.
      const drainDeadline = Date.now() + finalizeTimeoutMs / 2;
      while (draining && Date.now() < drainDeadline) {
        await Promise.race([draining, delay(drainDeadline - Date.now(), undefined, { ref: false })]);
      }
      if (rate) {
        // Also when someone else finalized the call already (the room's webhook is often first).
        await withRetries({ alone: () => debitOnce(durationSeconds, rate) }, deadline).catch(
          (error: unknown) => onError(error, "debit the call's last seconds"),
        );
      }
      const endedAt = new Date();
      return withRetries(async (tx) => {
        const before = await tx
          .selectFrom('calls')
          .select('finalizedAt')
          .where('id', '=', callId)
          .forUpdate()
          .executeTakeFirst();
        const finalized = await tx
          .updateTable('calls')
          .set((eb) => ({
            status: 'ended',
            endReason,
            durationSeconds,
            usage: JSON.stringify(usage ?? null),
            // What the debits set (billing/meter-call.ts); 0 when the call was not metered.
            costMillicredits: eb.fn.coalesce('costMillicredits', eb.val('0')),
            endedAt: eb.fn.coalesce('endedAt', eb.val(endedAt)),
            finalizedAt: endedAt,
          }))
          .where('id', '=', callId)
          // A retry after an attempt that landed late still counts as this worker's finalization.
          .where((eb) => eb.or([eb('finalizedAt', 'is', null), eb('finalizedAt', '=', endedAt)]))
          .executeTakeFirst();
        // call.ended once: not again for a retry whose first attempt landed late.
        if (finalized.numUpdatedRows > 0n && before?.finalizedAt === null) {
          await queueCallEnded(tx, { organizationId, callId });
          await queueCallAnalysis(tx, { organizationId, callId });
        }
        return finalized.numUpdatedRows > 0n;
      }, deadline);
    },
  };
}
