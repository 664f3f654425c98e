import type { CallAnalysis } from '@switchboard/contracts/analysis';
import { Sparkles } from 'lucide-react';
import { EvaluationBadge } from '@/components/call/evaluation-badge';
import { Card, CardContent, CardHeader, CardTitle } from '@/components/ui/card';

const display = (value: unknown) =>
  value === null || value === undefined ? '–' : typeof value === 'string' ? value : JSON.stringify(value);

/** The post-call analysis (docs/analysis.md): summary, extracted data as a table, the evaluation. */
export function AnalysisCard({ analysis, isEnded }: { analysis: CallAnalysis | null; isEnded: boolean }) {
  return (
    <Card data-testid="call-analysis">
      <CardHeader>
        <CardTitle className="flex items-center gap-2">
          <Sparkles className="size-4 text-muted" /> Analysis
          {analysis?.evaluation && (
            <span className="ml-auto">
              <EvaluationBadge score={analysis.evaluation.score} />
            </span>
          )}
        </CardTitle>
      </CardHeader>
      <CardContent className="grid gap-4 text-sm">
        {!analysis ? (
          <p className="text-muted">
            {isEnded
              ? 'Not analyzed: analysis is off for this agent, or it is still running.'
              : 'The call is analyzed once it has ended.'}
          </p>
        ) : analysis.status !== 'completed' ? (
          <p className="text-muted">
            {analysis.status === 'skipped' ? 'Skipped' : 'Failed'}: {analysis.reason}
          </p>
        ) : (
          <>
            <p>{analysis.summary}</p>
            {analysis.data && Object.keys(analysis.data).length > 0 && (
              <table className="w-full text-left">
                <tbody className="divide-y divide-border">
                  {Object.entries(analysis.data).map(([field, value]) => (
                    <tr key={field}>
                      <th className="py-1.5 pr-3 font-mono text-xs font-medium text-muted">{field}</th>
                      <td className="py-1.5">{display(value)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
            {analysis.evaluation && <p className="text-muted">{analysis.evaluation.reason}</p>}
            {analysis.model && <p className="text-xs text-muted">By {analysis.model}</p>}
          </>
        )}
      </CardContent>
    </Card>
  );
}
