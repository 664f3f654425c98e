import type { CreditPack, UpdateCreditPack } from '@switchboard/contracts/billing-stripe';
import type { Tx } from '@switchboard/db/tenant';
import { notFound } from '../../errors.ts';
import { toMillicredits } from '../credits.ts';
import { findCreditPack } from './billing-plans.ts';
import { refusingPriceReuse } from './stripe-price-conflict.ts';

/**
 * Changes a credit pack; fields left out keep their value. A Checkout already opened grants the credits it
 * was opened with (they travel in the session's metadata).
 */
export async function updateCreditPack(
  tx: Tx,
  packId: string,
  input: UpdateCreditPack,
  updatedBy: string,
): Promise<CreditPack> {
  const changes = {
    name: input.name,
    creditsMillicredits: input.credits === undefined ? undefined : toMillicredits(input.credits),
    priceCents: input.priceCents,
    currency: input.currency,
    stripePriceId: input.stripePriceId,
    isActive: input.isActive,
  };
  const updated = await refusingPriceReuse(() =>
    tx
      .updateTable('creditPacks')
      .set({
        ...Object.fromEntries(Object.entries(changes).filter(([, value]) => value !== undefined)),
        updatedBy,
        updatedAt: new Date(),
      })
      .where('id', '=', packId)
      .returning('id')
      .executeTakeFirst(),
  );
  if (!updated) throw notFound('Credit pack');
  const { creditsMillicredits: _, ...pack } = (await findCreditPack(tx, packId))!;
  return pack;
}
