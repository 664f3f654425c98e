'use client';

import { ArrowRight, AudioLines, Coins, ShieldCheck, Users } from 'lucide-react';
import Link from 'next/link';
import { PageHeader } from '@/components/app-shell';
import { BalanceFigure } from '@/components/billing/balance-figure';
import { OrganizationGate } from '@/components/organization-gate';
import { Badge } from '@/components/ui/badge';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import { useBillingSummary, useConfig, useMembers, useRoleCatalog } from '@/lib/queries';
import { roleName } from '@/lib/roles';
import { useCurrentOrganization } from '@/lib/use-current-organization';

function TeamCard({ orgId }: { orgId: string }) {
  const members = useMembers(orgId);
  return (
    <Card>
      <CardHeader>
        <CardTitle className="flex items-center gap-2">
          <Users className="size-4 text-muted" /> Team
        </CardTitle>
        <CardDescription>People who can work in this organization.</CardDescription>
      </CardHeader>
      <CardContent className="flex items-end justify-between">
        <p className="text-3xl font-semibold">{members.data?.length ?? '–'}</p>
        <Link
          className="flex items-center gap-1 text-sm text-primary hover:underline"
          href={`/o/${orgId}/members`}
        >
          Manage members <ArrowRight className="size-4" />
        </Link>
      </CardContent>
    </Card>
  );
}

/** Every member sees the balance here; the Billing page with the spending is for billing readers. */
function BalanceCard({ orgId, canReadBilling }: { orgId: string; canReadBilling: boolean }) {
  const summary = useBillingSummary(orgId);
  return (
    <Card>
      <CardHeader>
        <CardTitle className="flex items-center gap-2">
          <Coins className="size-4 text-muted" /> Credits
        </CardTitle>
        <CardDescription>What calls spend, by the minute.</CardDescription>
      </CardHeader>
      <CardContent className="flex items-end justify-between">
        {summary.data ? (
          <BalanceFigure summary={summary.data} />
        ) : (
          <p className="text-3xl font-semibold">–</p>
        )}
        {canReadBilling && (
          <Link
            className="flex items-center gap-1 text-sm text-primary hover:underline"
            href={`/o/${orgId}/billing`}
          >
            Billing <ArrowRight className="size-4" />
          </Link>
        )}
      </CardContent>
    </Card>
  );
}

function VoiceCard() {
  const config = useConfig();
  const voice = config.data?.voice;
  return (
    <Card>
      <CardHeader>
        <CardTitle className="flex items-center gap-2">
          <AudioLines className="size-4 text-muted" /> Voice
          {voice && (
            <Badge tone={voice.configured ? 'success' : 'warning'}>
              {voice.configured ? 'Ready' : 'Not configured'}
            </Badge>
          )}
        </CardTitle>
        <CardDescription>Real-time calls run through LiveKit and your model provider.</CardDescription>
      </CardHeader>
      <CardContent className="text-sm">
        {voice?.configured && <p>Calls can be placed on this installation.</p>}
        {voice && !voice.configured && (
          <p className="text-muted">
            An operator sets{' '}
            {voice.missing.map((name, index) => (
              <span key={name}>
                {index > 0 && ', '}
                <code className="rounded bg-subtle px-1 py-0.5 text-xs text-foreground">{name}</code>
              </span>
            ))}{' '}
            in the server&apos;s environment to switch voice on.
          </p>
        )}
      </CardContent>
    </Card>
  );
}

export default function OrganizationOverviewPage() {
  const { orgId, organization, can } = useCurrentOrganization();
  const catalog = useRoleCatalog();
  return (
    <OrganizationGate organization={organization}>
      {(org) => (
        <>
          <PageHeader title={org.name} description={`Your role: ${roleName(catalog.data, org.role)}`} />
          <div className="grid gap-4 md:grid-cols-2">
            {can('members:read') && <TeamCard orgId={orgId} />}
            <BalanceCard orgId={orgId} canReadBilling={can('billing:read')} />
            <VoiceCard />
            <Card className="md:col-span-2">
              <CardHeader>
                <CardTitle className="flex items-center gap-2">
                  <ShieldCheck className="size-4 text-muted" /> What you can do here
                </CardTitle>
              </CardHeader>
              <CardContent className="flex flex-wrap gap-1.5">
                {org.permissions.map((permission) => (
                  <Badge key={permission} tone="primary">
                    {permission}
                  </Badge>
                ))}
              </CardContent>
            </Card>
          </div>
        </>
      )}
    </OrganizationGate>
  );
}
