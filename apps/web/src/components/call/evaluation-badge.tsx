import type { EvaluationScore } from '@switchboard/contracts/analysis';
import { Badge } from '@/components/ui/badge';

/** A call's success evaluation: pass/fail, or a 1–5 score (4–5 good, 3 middling, 1–2 poor). */
export function EvaluationBadge({ score }: { score: EvaluationScore }) {
  if (score === 'pass') return <Badge tone="success">Pass</Badge>;
  if (score === 'fail') return <Badge tone="danger">Fail</Badge>;
  const value = Number(score);
  return <Badge tone={value >= 4 ? 'success' : value === 3 ? 'warning' : 'danger'}>{score} / 5</Badge>;
}
