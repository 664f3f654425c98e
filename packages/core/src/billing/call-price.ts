import type { Tx } from '@switchboard/db/tenant';

export interface PricedCall {
  channel: 'web' | 'phone' | 'chat';
  modelKind: 'realtime' | 'pipeline';
}

/**
 * What a minute of the call costs, in millicredits: the platform-wide price platform admins set (the
 * migration seeds defaults for every channel × model kind, docs/billing.md "Pricing").
 */
export async function callPricePerMinute(tx: Tx, call: PricedCall): Promise<number> {
  const price = await tx
    .selectFrom('callPrices')
    .select('millicreditsPerMinute')
    .where('channel', '=', call.channel)
    .where('modelKind', '=', call.modelKind)
    .executeTakeFirst();
  if (!price) throw new Error(`No call price for ${call.channel} ${call.modelKind}`);
  return Number(price.millicreditsPerMinute);
}
