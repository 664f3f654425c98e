'use client';

import type { StripeRedirect } from '@switchboard/contracts/billing-stripe';
import { ChevronDown, CreditCard } from 'lucide-react';
import { useState } from 'react';
import { toast } from 'sonner';
import { Button } from '@/components/ui/button';
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuItem,
  DropdownMenuLabel,
  DropdownMenuTrigger,
} from '@/components/ui/dropdown-menu';
import { client, errorMessage } from '@/lib/api';
import { formatCredits, formatDate, humanize } from '@/lib/format';
import { useBillingOffers } from '@/lib/queries';

const money = (cents: number, currency: string) =>
  new Intl.NumberFormat(undefined, { style: 'currency', currency }).format(cents / 100);

/**
 * Stripe mode, for billing managers: buy a credit pack or subscribe to a plan (Stripe Checkout) and manage
 * payment (Stripe's Customer Portal). Each asks the API for a Stripe-hosted page and sends the browser there;
 * Stripe sends it back to the Billing page, and the webhook credits the organization.
 */
export function PaymentActions({ orgId }: { orgId: string }) {
  const offers = useBillingOffers(orgId);
  const [pending, setPending] = useState<string>();

  const params = { path: { orgId } };
  async function goTo(action: string, open: () => Promise<StripeRedirect>) {
    setPending(action);
    try {
      const { url } = await open();
      window.location.assign(url);
    } catch (error) {
      toast.error(errorMessage(error));
      setPending(undefined);
    }
  }

  if (!offers.data) return null;
  const { subscription, plans, packs } = offers.data;
  const subscribed = subscription?.status === 'active' || subscription?.status === 'past_due';
  return (
    <>
      {packs.length > 0 && (
        <DropdownMenu>
          <DropdownMenuTrigger asChild>
            <Button loading={pending === 'pack'}>
              Buy credits <ChevronDown />
            </Button>
          </DropdownMenuTrigger>
          <DropdownMenuContent align="end">
            <DropdownMenuLabel>Credit packs</DropdownMenuLabel>
            {packs.map((pack) => (
              <DropdownMenuItem
                key={pack.id}
                onSelect={() =>
                  void goTo('pack', () =>
                    client.POST('/orgs/{orgId}/billing/checkout/pack', { params, body: { packId: pack.id } }),
                  )
                }
              >
                {pack.name}: {formatCredits(pack.credits)} credits for {money(pack.priceCents, pack.currency)}
              </DropdownMenuItem>
            ))}
          </DropdownMenuContent>
        </DropdownMenu>
      )}
      {!subscribed && plans.length > 0 && (
        <DropdownMenu>
          <DropdownMenuTrigger asChild>
            <Button variant="outline" loading={pending === 'plan'}>
              Subscribe <ChevronDown />
            </Button>
          </DropdownMenuTrigger>
          <DropdownMenuContent align="end">
            <DropdownMenuLabel>Monthly plans</DropdownMenuLabel>
            {plans.map((plan) => (
              <DropdownMenuItem
                key={plan.id}
                onSelect={() =>
                  void goTo('plan', () =>
                    client.POST('/orgs/{orgId}/billing/checkout/plan', { params, body: { planId: plan.id } }),
                  )
                }
              >
                {plan.name}: {formatCredits(plan.creditsPerPeriod)} credits a month for{' '}
                {money(plan.monthlyPriceCents, plan.currency)}
              </DropdownMenuItem>
            ))}
          </DropdownMenuContent>
        </DropdownMenu>
      )}
      {subscription && (
        <Button
          variant="outline"
          loading={pending === 'portal'}
          onClick={() => void goTo('portal', () => client.POST('/orgs/{orgId}/billing/portal', { params }))}
        >
          <CreditCard /> Manage payment
        </Button>
      )}
    </>
  );
}

/** The subscription in one line, for the mode line; nothing before the first subscription. */
export function SubscriptionLine({ orgId }: { orgId: string }) {
  const offers = useBillingOffers(orgId);
  const subscription = offers.data?.subscription;
  if (!subscription?.planName || !subscription.status) return null;
  const end = subscription.currentPeriodEnd;
  return (
    <span>
      Plan {subscription.planName} ({humanize(subscription.status)}
      {end && `, ${subscription.cancelAtPeriodEnd ? 'ends' : 'renews'} ${formatDate(end)}`})
    </span>
  );
}
