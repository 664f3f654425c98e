import type { CallPrice } from '@switchboard/contracts/billing';
import type { Tx } from '@switchboard/db/tenant';
import { toCredits } from './credits.ts';

/** Every channel × model kind price, in credits per minute. */
export async function listCallPrices(tx: Tx): Promise<CallPrice[]> {
  const rows = await tx
    .selectFrom('callPrices')
    .select(['channel', 'modelKind', 'millicreditsPerMinute'])
    .orderBy('channel')
    .orderBy('modelKind')
    .execute();
  return rows.map((row) => ({
    channel: row.channel as CallPrice['channel'],
    modelKind: row.modelKind as CallPrice['modelKind'],
    creditsPerMinute: toCredits(row.millicreditsPerMinute),
  }));
}
