'use client';

import { PhoneCall } from 'lucide-react';
import Link from 'next/link';
import { useState } from 'react';
import { AgentPeriodFields } from '@/components/agent-period-fields';
import { PageHeader } from '@/components/app-shell';
import { EvaluationBadge } from '@/components/call/evaluation-badge';
import { OrganizationGate } from '@/components/organization-gate';
import { Badge } from '@/components/ui/badge';
import { Card } from '@/components/ui/card';
import { Field } from '@/components/ui/field';
import { Input, NativeSelect } from '@/components/ui/input';
import { EmptyState, ErrorState, LoadingState } from '@/components/ui/states';
import { formatCredits, formatDateTime, formatDuration, humanize } from '@/lib/format';
import { useShowsCredits } from '@/lib/installation';
import { type CallFilter, useAgents, useCalls } from '@/lib/queries';
import { useCurrentOrganization } from '@/lib/use-current-organization';

const STATUS_TONE = { created: 'neutral', active: 'success', ended: 'neutral', failed: 'danger' } as const;

export default function CallsPage() {
  const { orgId, organization } = useCurrentOrganization();
  const showsCredits = useShowsCredits();
  const [filter, setFilter] = useState<CallFilter>({});
  // One analysis-data filter at a time: a field name and the value it must have.
  const [dataField, setDataField] = useState({ name: '', value: '' });
  const calls = useCalls(orgId, {
    ...filter,
    ...(dataField.name.trim() &&
      dataField.value && { [`analysis.${dataField.name.trim()}`]: dataField.value }),
  });
  const agents = useAgents(orgId, 'all');

  return (
    <OrganizationGate organization={organization}>
      {() => (
        <>
          <PageHeader
            title="Calls"
            description={
              showsCredits
                ? 'Every call, with its transcript, tool calls and cost.'
                : 'Every call, with its transcript and tool calls.'
            }
          />
          <div className="mb-4 flex flex-wrap items-end gap-3">
            <AgentPeriodFields
              idPrefix="filter"
              agents={agents.data}
              filter={filter}
              onChange={setFilter}
              errors={{
                to:
                  filter.from && filter.to && filter.from > filter.to
                    ? 'Before the From date: no call can match'
                    : undefined,
              }}
            />
            <Field id="filter-evaluation" label="Evaluation">
              <NativeSelect
                id="filter-evaluation"
                className="w-32"
                value={filter.evaluation ?? ''}
                onChange={(event) =>
                  // The options below are the API's scores.
                  setFilter({
                    ...filter,
                    evaluation: (event.target.value || undefined) as CallFilter['evaluation'],
                  })
                }
              >
                <option value="">Any</option>
                <option value="pass">Pass</option>
                <option value="fail">Fail</option>
                {['5', '4', '3', '2', '1'].map((score) => (
                  <option key={score} value={score}>
                    Score {score}
                  </option>
                ))}
              </NativeSelect>
            </Field>
            <Field id="filter-data-field" label="Data field">
              <Input
                id="filter-data-field"
                className="w-40"
                placeholder="appointment_booked"
                value={dataField.name}
                onChange={(event) => setDataField({ ...dataField, name: event.target.value })}
              />
            </Field>
            <Field id="filter-data-value" label="equals">
              <Input
                id="filter-data-value"
                className="w-24"
                placeholder="true"
                value={dataField.value}
                onChange={(event) => setDataField({ ...dataField, value: event.target.value })}
              />
            </Field>
          </div>
          <Card>
            {calls.error ? (
              <ErrorState error={calls.error} onRetry={() => void calls.refetch()} />
            ) : !calls.data ? (
              <LoadingState />
            ) : calls.data.length === 0 ? (
              <EmptyState icon={<PhoneCall />} title="No calls here">
                Start one with “Talk to agent” on an agent’s page.
              </EmptyState>
            ) : (
              <div className="overflow-x-auto">
                <table className="w-full text-left text-sm">
                  <thead className="border-b border-border text-xs uppercase tracking-wide text-muted">
                    <tr>
                      <th className="px-5 py-2 font-medium">Agent</th>
                      <th className="px-3 py-2 font-medium">Channel</th>
                      <th className="px-3 py-2 font-medium">Started</th>
                      <th className="px-3 py-2 font-medium">Duration</th>
                      <th className="px-3 py-2 font-medium">Ended because</th>
                      <th className="px-3 py-2 font-medium">Evaluation</th>
                      {showsCredits && <th className="px-5 py-2 text-right font-medium">Credits</th>}
                    </tr>
                  </thead>
                  <tbody className="divide-y divide-border">
                    {calls.data.map((call) => (
                      <tr key={call.id} className="hover:bg-subtle">
                        <td className="px-5 py-2.5">
                          <Link
                            href={`/o/${orgId}/calls/${call.id}`}
                            className="font-medium text-primary hover:underline"
                          >
                            {call.agent.name}
                          </Link>
                          <span className="ml-1 text-xs text-muted">v{call.agent.version}</span>
                        </td>
                        <td className="px-3 py-2.5">
                          {humanize(call.channel)}
                          {call.phone && (
                            <span className="block text-xs text-muted">
                              {call.phone.direction === 'outbound'
                                ? `to ${call.phone.toNumber ?? 'unknown'}`
                                : `from ${call.phone.fromNumber ?? 'withheld'}`}
                              {call.phone.status && ` · ${humanize(call.phone.status)}`}
                            </span>
                          )}
                        </td>
                        <td className="px-3 py-2.5">{formatDateTime(call.startedAt ?? call.createdAt)}</td>
                        <td className="px-3 py-2.5">{formatDuration(call.durationSeconds)}</td>
                        <td className="px-3 py-2.5">
                          {call.endReason ? (
                            humanize(call.endReason)
                          ) : (
                            <Badge tone={STATUS_TONE[call.status]}>{call.status}</Badge>
                          )}
                        </td>
                        <td className="px-3 py-2.5">
                          {call.evaluation ? <EvaluationBadge score={call.evaluation} /> : '–'}
                        </td>
                        {showsCredits && (
                          <td className="px-5 py-2.5 text-right tabular-nums">
                            {formatCredits(call.costCredits)}
                          </td>
                        )}
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </Card>
        </>
      )}
    </OrganizationGate>
  );
}
