import { AgentConfigSchema, type AgentModel } from '@switchboard/contracts/agents';
import type { MODEL_KINDS } from '@switchboard/contracts/billing';
import type { Tx } from '@switchboard/db/tenant';
import { callRateOf } from './call-rate.ts';
import { type CallDebit, meterCall } from './meter-call.ts';

/** Which price a model pays; the voice worker builds these kinds (apps/worker/src/runtime/create-model). */
export const MODEL_KIND_OF: Record<AgentModel['provider'], (typeof MODEL_KINDS)[number]> = {
  gemini_live: 'realtime',
  openai_realtime: 'realtime',
  openai_compatible: 'pipeline',
};

/**
 * Debits what a call whose worker is gone did not: its seconds up to its last heartbeat (the duration the
 * heartbeat wrote), when the worker crashed between a heartbeat and its debit or the debit failed. Same key
 * scheme and arithmetic as the worker's debits (meterCall), so nothing is debited twice. The worker's rate
 * is not stored: this uses the price in force now, which only differs if a platform admin changed it
 * during the call.
 */
export async function meterLostCall(
  tx: Tx,
  { organizationId, callId }: { organizationId: string; callId: string },
): Promise<CallDebit | null> {
  const call = await tx
    .selectFrom('calls')
    .innerJoin('agentVersions', (join) =>
      join
        .onRef('agentVersions.agentId', '=', 'calls.agentId')
        .onRef('agentVersions.version', '=', 'calls.agentVersion'),
    )
    .select(['calls.durationSeconds', 'agentVersions.config'])
    .where('calls.id', '=', callId)
    .executeTakeFirst();
  if (!call?.durationSeconds) return null;
  const { model } = AgentConfigSchema.parse(call.config);
  const rate = await callRateOf(tx, { callId, modelKind: MODEL_KIND_OF[model.provider] });
  return meterCall(tx, { organizationId, callId, seconds: call.durationSeconds, rate });
}
