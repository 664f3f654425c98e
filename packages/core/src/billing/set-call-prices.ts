import type { CallPrice, SetCallPrices } from '@switchboard/contracts/billing';
import type { Tx } from '@switchboard/db/tenant';
import { invalidFields } from '../errors.ts';
import { toMillicredits } from './credits.ts';
import { listCallPrices } from './list-call-prices.ts';

/** A platform admin changes what a call minute costs, installation-wide; pairs not listed keep theirs. */
export async function setCallPrices(tx: Tx, input: SetCallPrices, updatedBy: string): Promise<CallPrice[]> {
  const seen = new Set<string>();
  input.prices.forEach((price, index) => {
    const pair = `${price.channel}/${price.modelKind}`;
    if (seen.has(pair)) {
      throw invalidFields([{ path: `prices.${index}`, message: `${pair} is listed twice` }]);
    }
    seen.add(pair);
  });
  for (const price of input.prices) {
    await tx
      .updateTable('callPrices')
      .set({
        millicreditsPerMinute: toMillicredits(price.creditsPerMinute),
        updatedBy,
        updatedAt: new Date(),
      })
      .where('channel', '=', price.channel)
      .where('modelKind', '=', price.modelKind)
      .execute();
  }
  return listCallPrices(tx);
}
