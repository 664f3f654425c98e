import type { BillingSummary } from '@switchboard/contracts/billing';
import { cn } from '@/lib/cn';
import { formatCredits } from '@/lib/format';

/** The balance as every member sees it; `low` when it has fallen under the organization's alert threshold. */
export function BalanceFigure({ summary }: { summary: BillingSummary }) {
  const threshold = summary.details?.settings.lowBalanceThresholdCredits ?? null;
  const low = summary.balanceCredits <= 0 || (threshold !== null && summary.balanceCredits < threshold);
  return (
    <p className={cn('text-3xl font-semibold tabular-nums', low && 'text-danger')} data-testid="balance">
      {formatCredits(summary.balanceCredits)}{' '}
      <span className="text-base font-normal text-muted">credits</span>
    </p>
  );
}
