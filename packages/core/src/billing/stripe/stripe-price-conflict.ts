import { AppError } from '../../errors.ts';

/** A Stripe Price maps to one plan or pack: the unique index says so, this says it to the admin. */
export async function refusingPriceReuse<T>(write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    const { code, constraint } = error as { code?: string; constraint?: string };
    if (code === '23505' && constraint?.endsWith('stripe_price_id_key')) {
      throw new AppError('STRIPE_PRICE_IN_USE', 'That Stripe Price is already mapped to a plan or pack', [
        { path: 'stripePriceId', message: 'Already mapped to a plan or pack' },
      ]);
    }
    throw error;
  }
}
