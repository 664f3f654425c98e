import { StripeWebhookResultSchema } from '@switchboard/contracts/billing-stripe';
import { handleStripeEvent, verifyStripeEvent } from '@switchboard/core/billing/stripe/handle-stripe-event';
import type { StripeBilling } from '@switchboard/core/billing/stripe/stripe-client';
import type { SystemDatabase } from '@switchboard/db/database';
import type { FastifyZodInstance } from '../../types.ts';

/**
 * Stripe's webhooks (docs/billing.md "Stripe setup"). The signature covers the exact bytes Stripe sent, so
 * the body is read raw in this route's own scope. A failure answers 5xx and Stripe retries; the event is
 * recorded as applied only in the transaction that applied it.
 */
export function stripeWebhookRoutes(
  app: FastifyZodInstance,
  deps: { systemDb: SystemDatabase; stripe?: StripeBilling | undefined },
): void {
  const { stripe } = deps;
  if (!stripe) return;

  void app.register(async (scope) => {
    scope.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) =>
      done(null, body),
    );
    scope.post(
      '/api/webhooks/stripe',
      {
        config: { access: { kind: 'public' } },
        schema: {
          tags: ['webhooks'],
          summary: 'Stripe billing events (signed by Stripe)',
          hide: true,
          response: { 200: StripeWebhookResultSchema },
        },
      },
      async (request) => {
        const signature = request.headers['stripe-signature'];
        const event = verifyStripeEvent(
          stripe,
          String(request.body ?? ''),
          typeof signature === 'string' ? signature : undefined,
        );
        return handleStripeEvent(deps.systemDb, stripe, event);
      },
    );
  });
}
