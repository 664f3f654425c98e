'use client';

import type { BillingPlan, CreditPack } from '@switchboard/contracts/billing-stripe';
import { useQueryClient } from '@tanstack/react-query';
import { Archive, ArchiveRestore, Package, Pencil, Plus } from 'lucide-react';
import { type ReactNode, useState } from 'react';
import { toast } from 'sonner';
import { PageHeader } from '@/components/app-shell';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Card, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import { Dialog } from '@/components/ui/dialog';
import { EmptyState, ErrorState, LoadingState } from '@/components/ui/states';
import { client, errorMessage } from '@/lib/api';
import { formatCredits } from '@/lib/format';
import { keys, useAdminPacks, useAdminPlans } from '@/lib/queries';
import { type Offer, OfferDialogContent } from './offer-dialog';

const money = (cents: number, currency: string) =>
  new Intl.NumberFormat(undefined, { style: 'currency', currency }).format(cents / 100);

/**
 * What organizations can buy in Stripe mode: monthly plans and one-time credit packs, each mapped to a
 * Stripe Price. Nothing is deleted: archiving withdraws an offer from new purchases (subscribers keep it).
 */
export default function AdminPlansPage() {
  const queryClient = useQueryClient();
  const plans = useAdminPlans();
  const packs = useAdminPacks();
  const [editing, setEditing] = useState<Offer>();
  const [busy, setBusy] = useState<string>();

  async function setActive(kind: 'plan' | 'pack', offer: { id: string; name: string }, isActive: boolean) {
    setBusy(offer.id);
    try {
      if (kind === 'plan')
        await client.PATCH('/admin/billing/plans/{planId}', {
          params: { path: { planId: offer.id } },
          body: { isActive },
        });
      else
        await client.PATCH('/admin/billing/packs/{packId}', {
          params: { path: { packId: offer.id } },
          body: { isActive },
        });
      toast.success(isActive ? `${offer.name} is on offer again` : `Archived ${offer.name}`, {
        // Archiving is one click; undoing it is one more, for a while.
        ...(!isActive && {
          action: { label: 'Undo', onClick: () => void setActive(kind, offer, true) },
          duration: 10_000,
        }),
      });
    } catch (error) {
      toast.error(errorMessage(error));
    } finally {
      setBusy(undefined);
    }
    await queryClient.invalidateQueries({ queryKey: kind === 'plan' ? keys.adminPlans : keys.adminPacks });
  }

  function actions(kind: 'plan' | 'pack', offer: BillingPlan | CreditPack) {
    return (
      <div className="flex justify-end gap-1">
        <Button
          variant="ghost"
          size="icon"
          aria-label={`Edit ${offer.name}`}
          onClick={() =>
            setEditing(
              kind === 'plan' ? { kind, plan: offer as BillingPlan } : { kind, pack: offer as CreditPack },
            )
          }
        >
          <Pencil />
        </Button>
        <Button
          variant="ghost"
          size="icon"
          loading={busy === offer.id}
          aria-label={offer.isActive ? `Archive ${offer.name}` : `Restore ${offer.name}`}
          onClick={() => void setActive(kind, offer, !offer.isActive)}
        >
          {offer.isActive ? <Archive /> : <ArchiveRestore />}
        </Button>
      </div>
    );
  }

  return (
    <>
      <PageHeader
        title="Plans & packs"
        description="What organizations buy through Stripe: monthly plans and one-time credit packs, each mapped to a Stripe Price."
        actions={
          <>
            <Button variant="outline" onClick={() => setEditing({ kind: 'pack' })}>
              <Plus /> New pack
            </Button>
            <Button onClick={() => setEditing({ kind: 'plan' })}>
              <Plus /> New plan
            </Button>
          </>
        }
      />
      <div className="grid gap-6">
        <OfferCard
          title="Plans"
          description="A plan grants its credits each paid month and sets the subscriber’s concurrent-call limit."
          query={plans}
          headings={['Name', 'Price', 'Credits a month', 'Concurrent calls', 'Stripe Price', 'Status', '']}
          row={(plan: BillingPlan) => [
            plan.name,
            `${money(plan.monthlyPriceCents, plan.currency)} / month`,
            formatCredits(plan.creditsPerPeriod),
            String(plan.concurrentCalls),
            <span key="price" className="font-mono text-xs">
              {plan.stripePriceId}
            </span>,
            <StatusBadge key="status" isActive={plan.isActive} />,
            actions('plan', plan),
          ]}
        />
        <OfferCard
          title="Credit packs"
          description="A one-time purchase of credits, also what auto-recharge buys."
          query={packs}
          headings={['Name', 'Price', 'Credits', 'Stripe Price', 'Status', '']}
          row={(pack: CreditPack) => [
            pack.name,
            money(pack.priceCents, pack.currency),
            formatCredits(pack.credits),
            <span key="price" className="font-mono text-xs">
              {pack.stripePriceId}
            </span>,
            <StatusBadge key="status" isActive={pack.isActive} />,
            actions('pack', pack),
          ]}
        />
      </div>
      <Dialog open={editing !== undefined} onOpenChange={(open) => !open && setEditing(undefined)}>
        {editing && <OfferDialogContent offer={editing} onDone={() => setEditing(undefined)} />}
      </Dialog>
    </>
  );
}

function StatusBadge({ isActive }: { isActive: boolean }) {
  return <Badge tone={isActive ? 'primary' : 'neutral'}>{isActive ? 'On offer' : 'Archived'}</Badge>;
}

function OfferCard<T extends { id: string }>({
  title,
  description,
  query,
  headings,
  row,
}: {
  title: string;
  description: string;
  query: { data?: T[] | undefined; error: Error | null; refetch: () => unknown };
  headings: string[];
  row: (item: T) => ReactNode[];
}) {
  return (
    <Card>
      <CardHeader>
        <CardTitle>{title}</CardTitle>
        <CardDescription>{description}</CardDescription>
      </CardHeader>
      {query.error ? (
        <ErrorState error={query.error} onRetry={() => void query.refetch()} />
      ) : !query.data ? (
        <LoadingState />
      ) : query.data.length === 0 ? (
        <EmptyState icon={<Package />} title={`No ${title.toLowerCase()} yet`} />
      ) : (
        <div className="overflow-x-auto">
          <table className="w-full text-sm" aria-label={title}>
            <thead className="text-left text-xs text-muted">
              <tr className="border-b border-border">
                {headings.map((heading) => (
                  <th key={heading} className="px-5 py-2 font-medium">
                    {heading}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody className="divide-y divide-border">
              {query.data.map((item) => (
                <tr key={item.id}>
                  {row(item).map((cell, index) => (
                    <td key={headings[index]} className="px-5 py-2">
                      {cell}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Card>
  );
}
