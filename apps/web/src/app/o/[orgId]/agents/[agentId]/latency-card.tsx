'use client';

import type { Percentiles } from '@switchboard/contracts/analytics';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import { ErrorState, LoadingState } from '@/components/ui/states';
import { formatCount } from '@/lib/format';
import { useAgentLatency } from '@/lib/queries';

const ms = (value: number | null) => (value === null ? '–' : `${Math.round(value)} ms`);

/** The agent's turn latency, p50 and p90, over its last 50 calls (docs/analytics.md). */
export function LatencyCard({ orgId, agentId }: { orgId: string; agentId: string }) {
  const latency = useAgentLatency(orgId, agentId);
  const rows: [string, Percentiles][] = latency.data
    ? [
        ['End of utterance', latency.data.latency.endOfUtteranceMs],
        ['First token', latency.data.latency.firstTokenMs],
        ['First audio', latency.data.latency.firstAudioMs],
        ['Tools', latency.data.latency.toolMs],
      ]
    : [];
  return (
    <Card>
      <CardHeader>
        <CardTitle>Latency</CardTitle>
        <CardDescription>
          {latency.data && latency.data.calls > 0
            ? `Per turn over the last ${formatCount(latency.data.calls, 'call', 'calls')} (${formatCount(latency.data.latency.turns, 'turn', 'turns')}).`
            : 'Per turn over the last 50 calls.'}
        </CardDescription>
      </CardHeader>
      <CardContent data-testid="agent-latency">
        {latency.error ? (
          <ErrorState error={latency.error} onRetry={() => void latency.refetch()} />
        ) : !latency.data ? (
          <LoadingState />
        ) : latency.data.latency.turns === 0 ? (
          <p className="text-sm text-muted">No turns measured yet.</p>
        ) : (
          <table className="w-full text-sm">
            <thead className="text-xs text-muted">
              <tr>
                <th className="py-1 text-left font-medium" />
                <th className="py-1 text-right font-medium">p50</th>
                <th className="py-1 text-right font-medium">p90</th>
              </tr>
            </thead>
            <tbody>
              {rows.map(([label, value]) => (
                <tr key={label}>
                  <td className="py-1">{label}</td>
                  <td className="py-1 text-right tabular-nums">{ms(value.p50)}</td>
                  <td className="py-1 text-right tabular-nums">{ms(value.p90)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </CardContent>
    </Card>
  );
}
