import type { CreateCreditPack, CreditPack } from '@switchboard/contracts/billing-stripe';
import type { Tx } from '@switchboard/db/tenant';
import { toMillicredits } from '../credits.ts';
import { findCreditPack } from './billing-plans.ts';
import { refusingPriceReuse } from './stripe-price-conflict.ts';

/** A platform admin offers a credit pack, mapped to a one-time Stripe Price created in Stripe first. */
export async function createCreditPack(
  tx: Tx,
  input: CreateCreditPack,
  createdBy: string,
): Promise<CreditPack> {
  const { id } = await refusingPriceReuse(() =>
    tx
      .insertInto('creditPacks')
      .values({
        name: input.name,
        creditsMillicredits: toMillicredits(input.credits),
        priceCents: input.priceCents,
        currency: input.currency,
        stripePriceId: input.stripePriceId,
        isActive: input.isActive,
        updatedBy: createdBy,
      })
      .returning('id')
      .executeTakeFirstOrThrow(),
  );
  const { creditsMillicredits: _, ...pack } = (await findCreditPack(tx, id))!;
  return pack;
}
