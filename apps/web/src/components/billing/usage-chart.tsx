import type { BillingUsage } from '@switchboard/contracts/billing';
import { formatCredits } from '@/lib/format';

const dayLabel = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric', timeZone: 'UTC' });
// The API's dates are calendar days in the organization's time zone; read as UTC they keep their date.
const labelOf = (date: string) => dayLabel.format(new Date(`${date}T00:00:00Z`));

/** Credits spent per day as plain CSS bars (no chart library); each bar names its day and amount. */
export function UsageChart({ days }: { days: BillingUsage['days'] }) {
  const highest = Math.max(...days.map((day) => day.spentCredits), 0);
  const first = days[0];
  const last = days.at(-1);
  return (
    <figure className="grid gap-2">
      <ol
        className="flex h-40 items-end gap-px border-b border-border"
        aria-label="Credits spent per day"
        data-testid="usage-chart"
      >
        {days.map((day) => {
          const label = `${labelOf(day.date)}: ${formatCredits(day.spentCredits)} credits`;
          return (
            <li key={day.date} className="group flex h-full flex-1 items-end" title={label}>
              <span className="sr-only">{label}</span>
              <div
                className="w-full rounded-t-sm bg-primary/80 group-hover:bg-primary"
                style={{
                  height: highest > 0 ? `${(day.spentCredits / highest) * 100}%` : '0',
                  minHeight: day.spentCredits > 0 ? '2px' : undefined,
                }}
              />
            </li>
          );
        })}
      </ol>
      {first && last && (
        <figcaption className="flex justify-between text-xs text-muted">
          <span>{labelOf(first.date)}</span>
          <span>{highest > 0 ? `Highest day: ${formatCredits(highest)} credits` : 'Nothing spent'}</span>
          <span>{labelOf(last.date)}</span>
        </figcaption>
      )}
    </figure>
  );
}
