'use client';

import type { Analytics } from '@switchboard/contracts/analytics';
import { humanize } from '@/lib/format';

// The charts are plain HTML bars rather than a chart library: recharts alone was 120 KB of compressed
// JavaScript, half the page's budget (docs/performance.md, "Dashboard"). Each chart carries its figures as a
// table for screen readers; the bars are decoration (aria-hidden), with the figures in their tooltips.

// The heat map's shade (an inline style); the bars use the theme's classes, which follow dark mode.
const PRIMARY = '#4f46e5';

const dayLabel = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric', timeZone: 'UTC' });
// Calendar days of the organization's time zone; read as UTC they keep their date.
const labelOf = (date: string) => dayLabel.format(new Date(`${date}T00:00:00Z`));

interface Series {
  key: string;
  name: string;
  /** A background class of the theme. */
  color: string;
  format: (value: number) => string;
}

interface Row {
  label: string;
  values: Record<string, number | null>;
}

function Legend({ series, highest }: { series: Series[]; highest: (series: Series) => number }) {
  return (
    <ul className="flex flex-wrap gap-x-4 gap-y-1 text-xs text-muted" aria-hidden>
      {series.map((item) => (
        <li key={item.key} className="flex items-center gap-1.5">
          <span className={`size-2.5 rounded-sm ${item.color}`} />
          {item.name} (highest {item.format(highest(item))})
        </li>
      ))}
    </ul>
  );
}

/** The chart's figures as a table, for screen readers. */
function FiguresTable({ caption, series, rows }: { caption: string; series: Series[]; rows: Row[] }) {
  return (
    <table className="sr-only">
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">{caption}</th>
          {series.map((item) => (
            <th key={item.key} scope="col">
              {item.name}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={row.label}>
            <th scope="row">{row.label}</th>
            {series.map((item) => {
              const value = row.values[item.key];
              return (
                <td key={item.key}>{value === null || value === undefined ? '–' : item.format(value)}</td>
              );
            })}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/**
 * Grouped columns, one group per row. `scale: 'each'` gives every series its own height scale (calls and
 * minutes are different units); 'shared' puts them on one (percentiles of the same measure).
 */
function ColumnChart({
  caption,
  series,
  rows,
  scale,
}: {
  caption: string;
  series: Series[];
  rows: Row[];
  scale: 'each' | 'shared';
}) {
  const highestOf = (item: Series) => Math.max(0, ...rows.map((row) => row.values[item.key] ?? 0));
  const shared = Math.max(0, ...series.map(highestOf));
  const highest = (item: Series) => (scale === 'shared' ? shared : highestOf(item));
  // About eight labels under the columns, however many days there are.
  const labelEvery = Math.max(1, Math.ceil(rows.length / 8));
  return (
    <figure className="grid gap-3">
      <div className="flex h-48 items-end gap-1 border-b border-border" aria-hidden>
        {rows.map((row) => (
          <div
            key={row.label}
            className="flex h-full min-w-0 flex-1 items-end justify-center gap-px"
            title={`${row.label}: ${series.map((item) => `${item.name} ${row.values[item.key] === null ? '–' : item.format(row.values[item.key] ?? 0)}`).join(', ')}`}
          >
            {series.map((item) => {
              const value = row.values[item.key] ?? 0;
              const top = highest(item);
              return (
                <div
                  key={item.key}
                  className={`w-full max-w-6 rounded-t-sm ${item.color}`}
                  style={{ height: top > 0 ? `${(value / top) * 100}%` : 0 }}
                />
              );
            })}
          </div>
        ))}
      </div>
      <div className="flex gap-1 text-[11px] text-muted" aria-hidden>
        {rows.map((row, index) => (
          <span key={row.label} className="min-w-0 flex-1 overflow-visible whitespace-nowrap text-center">
            {index % labelEvery === 0 ? row.label : ''}
          </span>
        ))}
      </div>
      <Legend series={series} highest={highest} />
      <FiguresTable caption={caption} series={series} rows={rows} />
    </figure>
  );
}

const count = (value: number) => value.toLocaleString();

/** Calls per day, with minutes on a scale of their own. */
export function CallsPerDayChart({ days }: { days: Analytics['byDay'] }) {
  return (
    <ColumnChart
      caption="Day"
      scale="each"
      series={[
        { key: 'calls', name: 'Calls', color: 'bg-primary', format: count },
        { key: 'minutes', name: 'Minutes', color: 'bg-success', format: count },
      ]}
      rows={days.map((day) => ({
        label: labelOf(day.date),
        values: { calls: day.calls, minutes: day.minutes },
      }))}
    />
  );
}

/** Calls by end reason, most frequent first, as horizontal bars. */
export function EndReasonsChart({ reasons }: { reasons: Analytics['endReasons'] }) {
  const highest = Math.max(1, ...reasons.map((row) => row.calls));
  return (
    <table className="w-full text-sm">
      <caption className="sr-only">Calls by end reason</caption>
      <tbody>
        {reasons.map((row) => (
          <tr key={row.reason}>
            <th scope="row" className="w-36 py-1 pr-3 text-left font-normal text-muted">
              {humanize(row.reason)}
            </th>
            <td className="py-1">
              <div className="flex items-center gap-2">
                <div
                  aria-hidden
                  className="h-4 rounded-sm bg-primary"
                  style={{ width: `${(row.calls / highest) * 100}%` }}
                />
                <span className="tabular-nums">{row.calls.toLocaleString()}</span>
              </div>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

const milliseconds = (value: number) => `${Math.round(value).toLocaleString()} ms`;

/** Turn latency percentiles per measure, in milliseconds, on one scale. */
export function LatencyChart({ latency }: { latency: Analytics['latency'] }) {
  const measures = [
    { label: 'End of utterance', ...latency.endOfUtteranceMs },
    { label: 'First token', ...latency.firstTokenMs },
    { label: 'First audio', ...latency.firstAudioMs },
    { label: 'Tools', ...latency.toolMs },
  ];
  return (
    <ColumnChart
      caption="Measure"
      scale="shared"
      series={[
        { key: 'p50', name: 'p50', color: 'bg-success', format: milliseconds },
        { key: 'p90', name: 'p90', color: 'bg-primary', format: milliseconds },
        { key: 'p99', name: 'p99', color: 'bg-warning', format: milliseconds },
      ]}
      rows={measures.map(({ label, p50, p90, p99 }) => ({ label, values: { p50, p90, p99 } }))}
    />
  );
}

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const HOURS = Array.from({ length: 24 }, (_, hour) => hour);

/** Calls per hour of day (columns) and weekday (rows), shaded by count: a heat map as a plain grid. */
export function BusiestHours({ cells }: { cells: Analytics['busiestHours'] }) {
  const counts = new Map(cells.map((cell) => [`${cell.weekday}:${cell.hour}`, cell.calls]));
  const highest = Math.max(...cells.map((cell) => cell.calls), 1);
  return (
    <div className="overflow-x-auto">
      <table
        className="border-separate border-spacing-0.5 text-[10px] text-muted"
        data-testid="busiest-hours"
      >
        <thead>
          <tr>
            <th />
            {HOURS.map((hour) => (
              <th key={hour} className="w-5 font-normal">
                {hour % 3 === 0 ? hour : ''}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {WEEKDAYS.map((weekday, index) => (
            <tr key={weekday}>
              <th className="pr-1 text-right font-normal">{weekday}</th>
              {HOURS.map((hour) => {
                const calls = counts.get(`${index}:${hour}`) ?? 0;
                return (
                  <td
                    key={hour}
                    title={`${weekday} ${hour}:00–${hour + 1}:00: ${calls} calls`}
                    className="h-5 w-5 rounded-sm bg-subtle"
                    style={
                      calls > 0 ? { backgroundColor: PRIMARY, opacity: 0.15 + 0.85 * (calls / highest) } : {}
                    }
                  />
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
