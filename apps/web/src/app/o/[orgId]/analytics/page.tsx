'use client';

import type { AnalyticsQuerySchema } from '@switchboard/contracts/analytics';
import { Download } from 'lucide-react';
import { useEffect, useState } from 'react';
import { AgentPeriodFields } from '@/components/agent-period-fields';
import { PageHeader } from '@/components/app-shell';
import { OrganizationGate } from '@/components/organization-gate';
import { Card, CardContent, CardHeader, CardTitle } from '@/components/ui/card';
import { ErrorState, LoadingState } from '@/components/ui/states';
import { ApiError } from '@/lib/api';
import { formatCredits, formatDuration } from '@/lib/format';
import { useShowsCredits } from '@/lib/installation';
import { type AnalyticsFilter, analyticsQuery, useAgents, useAnalytics } from '@/lib/queries';
import { useCurrentOrganization } from '@/lib/use-current-organization';
import { BusiestHours, CallsPerDayChart, EndReasonsChart, LatencyChart } from './charts';

/**
 * The filter's problems by field, with the same rules the API applies (contracts/analytics.ts). The rules are
 * loaded once a filter is set: they bring zod (about 30 KB compressed), which the page's first view, with no
 * filter, does not need. Until they arrive the API checks the filter and its errors show on the same fields.
 */
function useFilterErrors(filter: AnalyticsFilter): Record<string, string> {
  const [schema, setSchema] = useState<typeof AnalyticsQuerySchema>();
  const set = Object.fromEntries(Object.entries(filter).filter(([, value]) => value));
  const needed = Object.keys(set).length > 0;
  useEffect(() => {
    if (needed && !schema)
      void import('@switchboard/contracts/analytics').then((rules) =>
        setSchema(() => rules.AnalyticsQuerySchema),
      );
  }, [needed, schema]);
  if (!needed || !schema) return {};
  const parsed = schema.safeParse(set);
  if (parsed.success) return {};
  return Object.fromEntries(parsed.error.issues.map((issue) => [String(issue.path[0]), issue.message]));
}

function Figure({ label, value }: { label: string; value: string }) {
  return (
    <Card>
      <CardContent className="grid gap-1 pt-5">
        <span className="text-sm text-muted">{label}</span>
        <span className="text-2xl font-semibold tabular-nums">{value}</span>
      </CardContent>
    </Card>
  );
}

export default function AnalyticsPage() {
  const { orgId, organization } = useCurrentOrganization();
  const showsCredits = useShowsCredits();
  const [filter, setFilter] = useState<AnalyticsFilter>({});
  const localErrors = useFilterErrors(filter);
  const valid = Object.keys(localErrors).length === 0;
  const analytics = useAnalytics(orgId, filter, valid);
  const agents = useAgents(orgId, 'all');
  const serverErrors = analytics.error instanceof ApiError ? analytics.error.fieldErrors : {};
  const errorOf = (field: 'agentId' | 'from' | 'to') =>
    localErrors[field] ?? serverErrors[`querystring.${field}`];
  const data = analytics.data;

  return (
    <OrganizationGate organization={organization}>
      {() => (
        <>
          <PageHeader
            title="Analytics"
            description={
              data
                ? `Calls from ${data.from} to ${data.to} (${data.timeZone}).`
                : 'Calls, minutes, cost, end reasons, tools and latency.'
            }
            actions={
              valid && (
                <a
                  href={`/api/v1/orgs/${orgId}/analytics/calls.csv?${analyticsQuery(filter)}`}
                  download
                  className="inline-flex h-9 items-center gap-2 rounded-md border border-border bg-surface px-3 text-sm font-medium hover:bg-subtle"
                >
                  <Download className="size-4" /> Export CSV
                </a>
              )
            }
          />
          <div className="mb-6 flex flex-wrap items-start gap-3">
            <AgentPeriodFields
              idPrefix="analytics"
              agents={agents.data}
              filter={filter}
              onChange={setFilter}
              errors={{ agentId: errorOf('agentId'), from: errorOf('from'), to: errorOf('to') }}
            />
          </div>
          {!valid ? null : analytics.error ? (
            Object.keys(serverErrors).length > 0 ? null : (
              <ErrorState error={analytics.error} onRetry={() => void analytics.refetch()} />
            )
          ) : !data ? (
            <LoadingState />
          ) : (
            <div className="grid gap-6" data-testid="analytics">
              <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
                <Figure label="Calls" value={data.totals.calls.toLocaleString()} />
                <Figure label="Minutes" value={data.totals.minutes.toLocaleString()} />
                {showsCredits && <Figure label="Credits" value={formatCredits(data.totals.costCredits)} />}
                <Figure label="Average call" value={formatDuration(data.totals.averageDurationSeconds)} />
              </div>
              <Card>
                <CardHeader>
                  <CardTitle>Calls per day</CardTitle>
                </CardHeader>
                <CardContent>
                  <CallsPerDayChart days={data.byDay} withCost={showsCredits} />
                </CardContent>
              </Card>
              <div className="grid gap-6 lg:grid-cols-2">
                <Card>
                  <CardHeader>
                    <CardTitle>End reasons</CardTitle>
                  </CardHeader>
                  <CardContent>
                    {data.endReasons.length === 0 ? (
                      <p className="text-sm text-muted">No calls in this range.</p>
                    ) : (
                      <EndReasonsChart reasons={data.endReasons} />
                    )}
                  </CardContent>
                </Card>
                <Card>
                  <CardHeader>
                    <CardTitle>Turn latency ({data.latency.turns.toLocaleString()} turns)</CardTitle>
                  </CardHeader>
                  <CardContent>
                    <LatencyChart latency={data.latency} />
                  </CardContent>
                </Card>
              </div>
              <Card>
                <CardHeader>
                  <CardTitle>Busiest hours ({data.timeZone})</CardTitle>
                </CardHeader>
                <CardContent>
                  <BusiestHours cells={data.busiestHours} />
                </CardContent>
              </Card>
              <Card>
                <CardHeader>
                  <CardTitle>Tool calls by function</CardTitle>
                </CardHeader>
                <CardContent>
                  {data.toolCalls.length === 0 ? (
                    <p className="text-sm text-muted">No functions were called.</p>
                  ) : (
                    <table className="w-full text-sm" data-testid="tool-call-stats">
                      <thead className="border-b border-border text-xs uppercase tracking-wide text-muted">
                        <tr>
                          <th className="py-2 text-left font-medium">Function</th>
                          <th className="py-2 text-right font-medium">Calls</th>
                          <th className="py-2 text-right font-medium">Errors</th>
                          <th className="py-2 text-right font-medium">p50</th>
                          <th className="py-2 text-right font-medium">p90</th>
                        </tr>
                      </thead>
                      <tbody className="divide-y divide-border">
                        {data.toolCalls.map((row) => (
                          <tr key={row.functionName}>
                            <td className="py-2 font-mono">{row.functionName}</td>
                            <td className="py-2 text-right tabular-nums">{row.calls.toLocaleString()}</td>
                            <td className="py-2 text-right tabular-nums">{row.errors.toLocaleString()}</td>
                            <td className="py-2 text-right tabular-nums">
                              {row.p50Ms === null ? '–' : `${row.p50Ms} ms`}
                            </td>
                            <td className="py-2 text-right tabular-nums">
                              {row.p90Ms === null ? '–' : `${row.p90Ms} ms`}
                            </td>
                          </tr>
                        ))}
                      </tbody>
                    </table>
                  )}
                </CardContent>
              </Card>
            </div>
          )}
        </>
      )}
    </OrganizationGate>
  );
}
