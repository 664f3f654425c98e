import type { Database } from '@switchboard/db/database';
import { withTenant } from '@switchboard/db/tenant';

export interface CallEnd {
  endReason: string;
  durationSeconds: number;
  usage: unknown;
  /** Until billing lands, calls cost nothing; the seam is here. */
  costCredits?: number;
}

/**
 * What the voice worker writes about a call, one small transaction per item as it happens, so a crash loses
 * at most the item in flight. Finalizing is idempotent: the first report of the end wins.
 */
export interface CallRecorder {
  markActive(): Promise<void>;
  addTranscriptItem(item: {
    role: 'user' | 'assistant' | 'system';
    text: string;
    interrupted?: boolean;
  }): Promise<void>;
  startToolCall(call: {
    toolCallId: string;
    functionName: string;
    toolId?: string;
    arguments: unknown;
  }): Promise<void>;
  finishToolCall(call: { toolCallId: string; result: unknown; isError: boolean }): Promise<void>;
  /** Returns false when the call had already been finalized. */
  finalize(end: CallEnd): Promise<boolean>;
}

export function createCallRecorder(
  workerDb: Database,
  { organizationId, callId }: { organizationId: string; callId: string },
): CallRecorder {
  const tenant = { orgId: organizationId };
  // Items are numbered in the order the worker saw them; a shared counter keeps concurrent writes ordered.
  let nextSeq: Promise<number> | undefined;
  const takeSeq = () => {
    nextSeq = (nextSeq ?? firstSeq()).then((seq) => seq + 1);
    return nextSeq.then((seq) => seq - 1);
  };
  const firstSeq = () =>
    withTenant(workerDb, tenant, async (tx) => {
      const row = await tx
        .selectFrom('callTranscriptItems')
        .select((eb) => eb.fn.max('seq').as('last'))
        .where('callId', '=', callId)
        .executeTakeFirst();
      return (row?.last ?? 0) + 1;
    });

  return {
    markActive: () =>
      withTenant(workerDb, tenant, async (tx) => {
        await tx
          .updateTable('calls')
          .set((eb) => ({ status: 'active', startedAt: eb.fn.coalesce('startedAt', eb.val(new Date())) }))
          .where('id', '=', callId)
          .where('status', '=', 'created')
          .execute();
      }),

    async addTranscriptItem({ role, text, interrupted = false }) {
      const seq = await takeSeq();
      await withTenant(workerDb, tenant, (tx) =>
        tx
          .insertInto('callTranscriptItems')
          .values({ organizationId, callId, seq, role, text, interrupted })
          .execute(),
      );
    },

    startToolCall: ({ toolCallId, functionName, toolId, arguments: args }) =>
      withTenant(workerDb, tenant, async (tx) => {
        await tx
          .insertInto('callToolCalls')
          .values({
            organizationId,
            callId,
            toolCallId,
            functionName,
            toolId: toolId ?? null,
            arguments: JSON.stringify(args ?? null),
            startedAt: new Date(),
          })
          .onConflict((conflict) => conflict.columns(['callId', 'toolCallId']).doNothing())
          .execute();
      }),

    finishToolCall: ({ toolCallId, result, isError }) =>
      withTenant(workerDb, tenant, async (tx) => {
        await tx
          .updateTable('callToolCalls')
          .set({ result: JSON.stringify(result ?? null), isError, finishedAt: new Date() })
          .where('callId', '=', callId)
          .where('toolCallId', '=', toolCallId)
          .execute();
      }),

    finalize: ({ endReason, durationSeconds, usage, costCredits = 0 }) =>
      withTenant(workerDb, tenant, async (tx) => {
        const now = new Date();
        const finalized = await tx
          .updateTable('calls')
          .set((eb) => ({
            status: 'ended',
            endReason,
            durationSeconds,
            usage: JSON.stringify(usage ?? null),
            costCredits: String(costCredits),
            endedAt: eb.fn.coalesce('endedAt', eb.val(now)),
            finalizedAt: now,
          }))
          .where('id', '=', callId)
          .where('finalizedAt', 'is', null)
          .executeTakeFirst();
        return finalized.numUpdatedRows > 0n;
      }),
  };
}
