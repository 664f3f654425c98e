'use client';

import type { BillingSummary, BillingUsage } from '@switchboard/contracts/billing';
import { BarChart3, Coins } from 'lucide-react';
import { PageHeader } from '@/components/app-shell';
import { BalanceFigure } from '@/components/billing/balance-figure';
import { LedgerTable } from '@/components/billing/ledger-table';
import { UsageChart } from '@/components/billing/usage-chart';
import { OrganizationGate } from '@/components/organization-gate';
import { Alert } from '@/components/ui/alert';
import { Badge } from '@/components/ui/badge';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import { ErrorState, LoadingState } from '@/components/ui/states';
import { formatCount, formatCredits } from '@/lib/format';
import { useBillingSummary, useBillingUsage, useLedgerPages } from '@/lib/queries';
import { useCurrentOrganization } from '@/lib/use-current-organization';
import { AutoRechargeForm } from './auto-recharge-form';
import { PaymentActions, SubscriptionLine } from './payment-actions';
import { BillingSettingsForm } from './settings-form';

const USAGE_DAYS = 30;

function ModeLine({ orgId, summary }: { orgId: string; summary: BillingSummary }) {
  const mode = summary.details?.mode;
  return (
    // A span: the page header puts its description in a paragraph.
    <span className="flex flex-wrap items-center gap-2">
      {mode && <Badge tone="primary">{mode === 'stripe' ? 'Stripe' : 'Manual billing'}</Badge>}
      <Badge tone={summary.metering ? 'success' : 'neutral'}>
        {summary.metering ? 'Metering on' : 'Metering off'}
      </Badge>
      <span>
        {!summary.metering
          ? 'Calls cost nothing on this installation and are never stopped for credits.'
          : mode === 'stripe'
            ? 'Buy credits here; calls spend them by the minute.'
            : 'Calls spend credits by the minute; a platform admin adds credits on request.'}
      </span>
      {mode === 'stripe' && <SubscriptionLine orgId={orgId} />}
    </span>
  );
}

function SummaryCards({ summary }: { summary: BillingSummary }) {
  const details = summary.details;
  const cap = details?.settings.dailySpendCapCredits ?? null;
  return (
    <div className="grid gap-4 md:grid-cols-2">
      <Card>
        <CardHeader>
          <CardTitle className="flex items-center gap-2">
            <Coins className="size-4 text-muted" /> Balance
          </CardTitle>
        </CardHeader>
        <CardContent>
          <BalanceFigure summary={summary} />
        </CardContent>
      </Card>
      {details && (
        <Card>
          <CardHeader>
            <CardTitle>Today</CardTitle>
            <CardDescription>Since midnight in the organization’s time zone.</CardDescription>
          </CardHeader>
          <CardContent className="grid gap-1 text-sm">
            <p>
              <span className="text-2xl font-semibold tabular-nums">
                {formatCredits(details.spentTodayCredits)}
              </span>
              <span className="text-muted">
                {cap === null
                  ? ' credits spent, no daily cap'
                  : ` of ${formatCredits(cap)} credits daily cap`}
              </span>
            </p>
            <p className="text-muted">{formatCount(details.openCalls, 'call', 'calls')} running now</p>
          </CardContent>
        </Card>
      )}
    </div>
  );
}

function AgentTable({ agents }: { agents: BillingUsage['agents'] }) {
  if (agents.length === 0) return <p className="px-5 pb-5 text-sm text-muted">No calls in this period.</p>;
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-left text-sm" aria-label="Spending by agent">
        <thead className="border-y border-border text-xs uppercase tracking-wide text-muted">
          <tr>
            <th className="px-5 py-2 font-medium">Agent</th>
            <th className="px-3 py-2 text-right font-medium">Calls</th>
            <th className="px-5 py-2 text-right font-medium">Credits</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-border">
          {agents.map((agent) => (
            <tr key={agent.agentId}>
              <td className="px-5 py-2.5">{agent.agentName}</td>
              <td className="px-3 py-2.5 text-right tabular-nums">{agent.calls}</td>
              <td className="px-5 py-2.5 text-right tabular-nums">{formatCredits(agent.spentCredits)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function UsageCard({ orgId }: { orgId: string }) {
  const usage = useBillingUsage(orgId, USAGE_DAYS);
  return (
    <Card>
      <CardHeader>
        <CardTitle className="flex items-center gap-2">
          <BarChart3 className="size-4 text-muted" /> Usage, last {USAGE_DAYS} days
        </CardTitle>
        {usage.data && (
          <CardDescription>
            {formatCredits(usage.data.totalCredits)} credits spent on calls. Days in {usage.data.timeZone}.
          </CardDescription>
        )}
      </CardHeader>
      {usage.error ? (
        <ErrorState error={usage.error} onRetry={() => void usage.refetch()} />
      ) : !usage.data ? (
        <LoadingState />
      ) : (
        <>
          <CardContent>
            <UsageChart days={usage.data.days} />
          </CardContent>
          <AgentTable agents={usage.data.agents} />
        </>
      )}
    </Card>
  );
}

export default function BillingPage() {
  const { orgId, organization, can } = useCurrentOrganization();
  const summary = useBillingSummary(orgId);
  const canRead = can('billing:read');
  const ledger = useLedgerPages(orgId, canRead);

  return (
    <OrganizationGate organization={organization}>
      {() => (
        <>
          <PageHeader
            title="Billing"
            description={summary.data ? <ModeLine orgId={orgId} summary={summary.data} /> : undefined}
            // Manual mode has no payment actions: credits come from a platform admin.
            actions={
              summary.data?.details?.mode === 'stripe' && can('billing:manage') ? (
                <PaymentActions orgId={orgId} />
              ) : undefined
            }
          />
          {summary.error ? (
            <Card>
              <ErrorState error={summary.error} onRetry={() => void summary.refetch()} />
            </Card>
          ) : !summary.data ? (
            <LoadingState />
          ) : (
            <div className="grid gap-6">
              <SummaryCards summary={summary.data} />
              {summary.data.details ? (
                <>
                  <UsageCard orgId={orgId} />
                  <Card>
                    <CardHeader>
                      <CardTitle>Ledger</CardTitle>
                      <CardDescription>Every credit added or spent, newest first.</CardDescription>
                    </CardHeader>
                    <LedgerTable
                      ledger={ledger}
                      callHref={can('calls:read') ? (callId) => `/o/${orgId}/calls/${callId}` : undefined}
                    />
                  </Card>
                  <BillingSettingsForm
                    key={JSON.stringify(summary.data.details.settings)}
                    orgId={orgId}
                    settings={summary.data.details.settings}
                    canManage={can('billing:manage')}
                  />
                  <AutoRechargeForm
                    key={`auto-recharge-${JSON.stringify(summary.data.details.settings.autoRecharge)}`}
                    orgId={orgId}
                    mode={summary.data.details.mode}
                    settings={summary.data.details.settings.autoRecharge}
                    canManage={can('billing:manage')}
                  />
                </>
              ) : (
                <Alert>
                  Spending, the ledger and limits are for organization admins and billing managers.
                </Alert>
              )}
            </div>
          )}
        </>
      )}
    </OrganizationGate>
  );
}
