import Stripe from 'stripe';
import { AppError } from '../../errors.ts';

/** Stripe as the API uses it: the SDK client and the secret that signs webhook events. */
export interface StripeBilling {
  client: Stripe;
  webhookSecret: string;
  /** The dashboard's public origin: Checkout and the portal send the browser back there. */
  publicUrl: string;
}

/**
 * The Stripe SDK for STRIPE_SECRET_KEY. `apiBase` (STRIPE_API_BASE) points it at another server — tests
 * use a local fake of Stripe's API; unset, it talks to api.stripe.com.
 */
export function createStripeClient(secretKey: string, apiBase?: string): Stripe {
  if (!apiBase) return new Stripe(secretKey, { maxNetworkRetries: 2 });
  const url = new URL(apiBase);
  return new Stripe(secretKey, {
    host: url.hostname,
    port: url.port || (url.protocol === 'https:' ? 443 : 80),
    protocol: url.protocol === 'https:' ? 'https' : 'http',
    maxNetworkRetries: 0,
  });
}

/** The id of an expandable Stripe field, whether Stripe sent the id or the object. */
export function stripeId(value: string | { id: string } | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  return typeof value === 'string' ? value : value.id;
}

/**
 * Runs a Stripe request on behalf of a person: Stripe's refusal or absence becomes a 502 that names
 * Stripe, not a 500.
 */
export async function askStripe<T>(request: () => Promise<T>): Promise<T> {
  try {
    return await request();
  } catch (error) {
    if (error instanceof Stripe.errors.StripeError) {
      throw new AppError('PAYMENT_PROVIDER_ERROR', `Stripe could not do this: ${error.message}`);
    }
    throw error;
  }
}
