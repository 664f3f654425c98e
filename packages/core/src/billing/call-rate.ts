import type { Tx } from '@switchboard/db/tenant';
import { callPricePerMinute, type PricedCall } from './call-price.ts';

/**
 * What a call is billed at, fixed when the call starts: a price or cap changed during the call applies from
 * the next one (the cost so far is recomputed from it on every debit, so it must not move under the call).
 */
export interface CallRate {
  millicreditsPerMinute: number;
  /** The organization's per-call cost cap; null when it has none. */
  costCapMillicredits: number | null;
}

/** The price of the call's channel and model kind, and its organization's per-call cost cap. */
export async function callRateOf(
  tx: Tx,
  { callId, modelKind }: { callId: string; modelKind: PricedCall['modelKind'] },
): Promise<CallRate> {
  const call = await tx
    .selectFrom('calls')
    .innerJoin('organizations', 'organizations.id', 'calls.organizationId')
    .select(['calls.channel', 'organizations.callCostCapMillicredits'])
    .where('calls.id', '=', callId)
    .executeTakeFirstOrThrow();
  return {
    millicreditsPerMinute: await callPricePerMinute(tx, {
      channel: call.channel as PricedCall['channel'],
      modelKind,
    }),
    costCapMillicredits: call.callCostCapMillicredits === null ? null : Number(call.callCostCapMillicredits),
  };
}
