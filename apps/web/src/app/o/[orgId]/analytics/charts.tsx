'use client';

import type { Analytics } from '@switchboard/contracts/analytics';
import dynamic from 'next/dynamic';
import { type ReactNode, useMemo } from 'react';
import { formatCredits, humanize } from '@/lib/format';

// The charts are drawn by uPlot (plots.tsx), loaded in the browser only once the page has rendered, so its
// tables show first and nothing is drawn on the server. Each chart carries its figures as a table for screen
// readers; the canvas is decoration (aria-hidden), with the figures under the cursor in its legend.

/** Room kept for a chart while uPlot loads, so the page does not jump when it arrives. */
const placeholder = (height: number) => () => <div style={{ height }} />;
// A chart that cannot load (its script lost on a bad connection) says so and leaves the page standing.
const plots = () => import('./plots').catch(() => undefined);
function Unavailable() {
  return <p className="text-sm text-muted">The chart could not be loaded. Reload the page to try again.</p>;
}
const DaysPlot = dynamic(() => plots().then((module) => module?.DaysPlot ?? Unavailable), {
  ssr: false,
  loading: placeholder(256),
});
const LatencyPlot = dynamic(() => plots().then((module) => module?.LatencyPlot ?? Unavailable), {
  ssr: false,
  loading: placeholder(256),
});
const HoursPlot = dynamic(() => plots().then((module) => module?.HoursPlot ?? Unavailable), {
  ssr: false,
  loading: placeholder(220),
});

const dayLabel = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric', timeZone: 'UTC' });
// Calendar days of the organization's time zone; read as UTC they keep their date.
const labelOf = (date: string) => dayLabel.format(new Date(`${date}T00:00:00Z`));

interface Series {
  key: string;
  name: string;
  format: (value: number) => string;
}

interface Row {
  label: string;
  values: Record<string, number | null>;
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

/** A chart and its figures: the canvas for the eye, the table for screen readers. */
function ChartFigure({ testId, table, children }: { testId: string; table: ReactNode; children: ReactNode }) {
  return (
    <figure className="grid min-w-0 gap-2" data-testid={testId}>
      <div aria-hidden>{children}</div>
      {table}
    </figure>
  );
}

const count = (value: number) => value.toLocaleString();

/** Calls per day, with minutes (and the cost, where calls are billed) on scales of their own. */
export function CallsPerDayChart({ days, withCost }: { days: Analytics['byDay']; withCost: boolean }) {
  const labels = useMemo(() => days.map((day) => labelOf(day.date)), [days]);
  return (
    <ChartFigure
      testId="calls-per-day-chart"
      table={
        <FiguresTable
          caption="Day"
          series={[
            { key: 'calls', name: 'Calls', format: count },
            { key: 'minutes', name: 'Minutes', format: count },
            ...(withCost ? [{ key: 'credits', name: 'Credits', format: formatCredits }] : []),
          ]}
          rows={days.map((day, index) => ({
            label: labels[index] ?? day.date,
            values: { calls: day.calls, minutes: day.minutes, credits: day.costCredits },
          }))}
        />
      }
    >
      <DaysPlot days={days} labels={labels} withCost={withCost} formatCost={formatCredits} />
    </ChartFigure>
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
  const rows = useMemo(
    () => [
      { label: 'End of utterance', ...latency.endOfUtteranceMs },
      { label: 'First token', ...latency.firstTokenMs },
      { label: 'First audio', ...latency.firstAudioMs },
      { label: 'Tools', ...latency.toolMs },
    ],
    [latency],
  );
  return (
    <ChartFigure
      testId="latency-chart"
      table={
        <FiguresTable
          caption="Measure"
          series={[
            { key: 'p50', name: 'p50', format: milliseconds },
            { key: 'p90', name: 'p90', format: milliseconds },
            { key: 'p99', name: 'p99', format: milliseconds },
          ]}
          rows={rows.map(({ label, p50, p90, p99 }) => ({ label, values: { p50, p90, p99 } }))}
        />
      }
    >
      <LatencyPlot rows={rows} />
    </ChartFigure>
  );
}

const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

/** Calls per hour of day and weekday as a heat map; the table lists the hours that had calls. */
export function BusiestHours({ cells }: { cells: Analytics['busiestHours'] }) {
  const busy = cells.filter((cell) => cell.calls > 0).sort((a, b) => b.calls - a.calls);
  return (
    <ChartFigure
      testId="busiest-hours"
      table={
        <FiguresTable
          caption="Hour"
          series={[{ key: 'calls', name: 'Calls', format: count }]}
          rows={busy.map((cell) => ({
            label: `${WEEKDAYS[cell.weekday]} ${cell.hour}:00–${cell.hour + 1}:00`,
            values: { calls: cell.calls },
          }))}
        />
      }
    >
      <HoursPlot cells={cells} />
    </ChartFigure>
  );
}
