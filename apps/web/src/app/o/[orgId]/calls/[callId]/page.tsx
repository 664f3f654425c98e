'use client';

import type { CallDetail, CallRefusalReason } from '@switchboard/contracts/calls';
import { ArrowLeft, Wrench } from 'lucide-react';
import Link from 'next/link';
import { useParams } from 'next/navigation';
import { OrganizationGate } from '@/components/organization-gate';
import { Badge } from '@/components/ui/badge';
import { Card, CardContent, CardHeader, CardTitle } from '@/components/ui/card';
import { ErrorState, LoadingState } from '@/components/ui/states';
import { cn } from '@/lib/cn';
import { formatCredits, formatDateTime, formatDuration, humanize } from '@/lib/format';
import { useShowsCredits } from '@/lib/installation';
import { useCall } from '@/lib/queries';
import { useCurrentOrganization } from '@/lib/use-current-organization';
import { AnalysisCard } from './analysis-card';
import { TurnTimeline } from './turn-timeline';

const time = (iso: string) =>
  new Date(iso).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit' });

/** Which limit refused an inbound phone call, in words (the agent's page and Billing say how to lift it). */
const REFUSAL_REASONS: Record<CallRefusalReason, string> = {
  INSUFFICIENT_CREDITS: 'The organization was out of credits',
  DAILY_SPEND_CAP_REACHED: 'The daily spend cap was reached',
  CONCURRENT_CALL_LIMIT: 'Too many calls at once (the concurrent-call limit)',
  AGENT_ARCHIVED: 'The agent is archived',
  MODEL_NOT_CONFIGURED: "The agent's model is not configured on this installation",
};

function Facts({ call }: { call: CallDetail }) {
  const showsCredits = useShowsCredits();
  const facts = [
    ['Agent', `${call.agent.name} (v${call.agent.version})`],
    ['Channel', call.phone ? `Phone, ${call.phone.direction}` : humanize(call.channel)],
    ...(call.phone
      ? [
          ['From', call.phone.fromNumber ?? 'withheld'],
          ['To', call.phone.toNumber ?? '–'],
          ['Line', call.phone.status ? humanize(call.phone.status) : '–'],
        ]
      : []),
    ['Started', call.startedAt ? formatDateTime(call.startedAt) : 'not yet'],
    ['Ended', call.endedAt ? formatDateTime(call.endedAt) : humanize(call.status)],
    ['Duration', formatDuration(call.durationSeconds)],
    ['Ended because', call.endReason ? humanize(call.endReason) : '–'],
    ...(call.phone?.refusalReason ? [['Refused because', REFUSAL_REASONS[call.phone.refusalReason]]] : []),
    ...(showsCredits ? [['Credits', formatCredits(call.costCredits)]] : []),
  ];
  return (
    <Card>
      <CardContent className="pt-5">
        <dl className="grid grid-cols-2 gap-x-4 gap-y-3 text-sm sm:grid-cols-4">
          {facts.map(([label, value]) => (
            <div key={label}>
              <dt className="text-muted">{label}</dt>
              <dd className="font-medium">{value}</dd>
            </div>
          ))}
        </dl>
      </CardContent>
    </Card>
  );
}

function Json({ value }: { value: unknown }) {
  return (
    <pre className="max-h-48 overflow-auto rounded-md bg-slate-900 p-2 text-xs text-slate-100">
      {JSON.stringify(value, null, 2)}
    </pre>
  );
}

export default function CallPage() {
  const { callId } = useParams<{ callId: string }>();
  const { orgId, organization } = useCurrentOrganization();
  const call = useCall(orgId, callId);
  return (
    <OrganizationGate organization={organization}>
      {() =>
        call.error ? (
          <ErrorState
            error={call.error}
            onRetry={() => void call.refetch()}
            back={{ href: `/o/${orgId}/calls`, label: 'Back to calls' }}
          />
        ) : !call.data ? (
          <LoadingState />
        ) : (
          <div className="grid gap-6">
            <div className="grid gap-1">
              <Link
                href={`/o/${orgId}/calls`}
                className="flex items-center gap-1 text-sm text-muted hover:text-foreground"
              >
                <ArrowLeft className="size-4" /> Calls
              </Link>
              <h1 className="text-2xl font-semibold tracking-tight">Call with {call.data.agent.name}</h1>
            </div>
            <Facts call={call.data} />
            <AnalysisCard analysis={call.data.analysis} isEnded={call.data.status === 'ended'} />
            <TurnTimeline turns={call.data.turns} />
            <div className="grid gap-6 lg:grid-cols-[1fr_22rem]">
              <Card>
                <CardHeader>
                  <CardTitle>Transcript</CardTitle>
                </CardHeader>
                <CardContent className="grid gap-2" data-testid="transcript">
                  {call.data.transcript.length === 0 && (
                    <p className="text-sm text-muted">Nothing was said.</p>
                  )}
                  {call.data.transcript.map((item) => (
                    <div
                      key={item.seq}
                      className={cn(
                        'grid max-w-[85%] gap-0.5',
                        item.role === 'user' && 'justify-self-end text-right',
                      )}
                    >
                      <span className="text-xs text-muted">
                        {item.role === 'user' ? 'Caller' : 'Agent'} · {time(item.createdAt)}
                        {item.interrupted && ' · interrupted'}
                      </span>
                      <p
                        className={cn(
                          'rounded-lg px-3 py-2 text-sm',
                          item.role === 'user' ? 'bg-primary text-primary-foreground' : 'bg-subtle',
                        )}
                      >
                        {item.text}
                      </p>
                    </div>
                  ))}
                </CardContent>
              </Card>
              <Card>
                <CardHeader>
                  <CardTitle className="flex items-center gap-2">
                    <Wrench className="size-4 text-muted" /> Tool calls
                  </CardTitle>
                </CardHeader>
                <CardContent className="grid gap-4" data-testid="tool-calls">
                  {call.data.toolCalls.length === 0 && (
                    <p className="text-sm text-muted">No tools were used.</p>
                  )}
                  {call.data.toolCalls.map((toolCall) => (
                    <div key={toolCall.toolCallId} className="grid gap-1.5">
                      <p className="flex items-center gap-2 text-sm">
                        <span className="font-mono font-medium">{toolCall.functionName}</span>
                        <Badge tone={toolCall.isError ? 'danger' : 'success'}>
                          {toolCall.isError ? 'error' : 'ok'}
                        </Badge>
                        <span className="ml-auto text-xs text-muted">
                          {time(toolCall.startedAt)}
                          {toolCall.durationMs !== null && ` · ${toolCall.durationMs} ms`}
                        </span>
                      </p>
                      <Json value={toolCall.arguments} />
                      <Json value={toolCall.result} />
                    </div>
                  ))}
                </CardContent>
              </Card>
            </div>
          </div>
        )
      }
    </OrganizationGate>
  );
}
