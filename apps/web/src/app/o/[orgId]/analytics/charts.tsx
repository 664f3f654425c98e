'use client';

import type { Analytics } from '@switchboard/contracts/analytics';
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { humanize } from '@/lib/format';

// Tailwind's theme colors as the charts need them (SVG fills take no classes).
const PRIMARY = '#4f46e5';
const SECONDARY = '#10b981';
const TERTIARY = '#f59e0b';

const dayLabel = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric', timeZone: 'UTC' });
// Calendar days of the organization's time zone; read as UTC they keep their date.
const labelOf = (date: string) => dayLabel.format(new Date(`${date}T00:00:00Z`));

/** Calls per day, with minutes on a second axis. */
export function CallsPerDayChart({ days }: { days: Analytics['byDay'] }) {
  return (
    <ResponsiveContainer width="100%" height={240}>
      <BarChart data={days.map((day) => ({ ...day, label: labelOf(day.date) }))}>
        <CartesianGrid strokeDasharray="3 3" vertical={false} />
        <XAxis dataKey="label" fontSize={12} />
        <YAxis yAxisId="calls" allowDecimals={false} fontSize={12} />
        <YAxis yAxisId="minutes" orientation="right" fontSize={12} />
        <Tooltip />
        <Legend />
        <Bar yAxisId="calls" dataKey="calls" name="Calls" fill={PRIMARY} isAnimationActive={false} />
        <Bar yAxisId="minutes" dataKey="minutes" name="Minutes" fill={SECONDARY} isAnimationActive={false} />
      </BarChart>
    </ResponsiveContainer>
  );
}

/** Calls by end reason, most frequent first. */
export function EndReasonsChart({ reasons }: { reasons: Analytics['endReasons'] }) {
  return (
    <ResponsiveContainer width="100%" height={Math.max(120, reasons.length * 32 + 40)}>
      <BarChart layout="vertical" data={reasons.map((row) => ({ ...row, label: humanize(row.reason) }))}>
        <CartesianGrid strokeDasharray="3 3" horizontal={false} />
        <XAxis type="number" allowDecimals={false} fontSize={12} />
        <YAxis type="category" dataKey="label" width={130} fontSize={12} />
        <Tooltip />
        <Bar dataKey="calls" name="Calls" fill={PRIMARY} isAnimationActive={false} />
      </BarChart>
    </ResponsiveContainer>
  );
}

/** Turn latency percentiles per measure, in milliseconds. */
export function LatencyChart({ latency }: { latency: Analytics['latency'] }) {
  const data = [
    { label: 'End of utterance', ...latency.endOfUtteranceMs },
    { label: 'First token', ...latency.firstTokenMs },
    { label: 'First audio', ...latency.firstAudioMs },
    { label: 'Tools', ...latency.toolMs },
  ];
  return (
    <ResponsiveContainer width="100%" height={240}>
      <BarChart data={data}>
        <CartesianGrid strokeDasharray="3 3" vertical={false} />
        <XAxis dataKey="label" fontSize={12} />
        <YAxis unit=" ms" fontSize={12} width={70} />
        <Tooltip formatter={(value) => `${Math.round(Number(value))} ms`} />
        <Legend />
        <Bar dataKey="p50" name="p50" fill={SECONDARY} isAnimationActive={false} />
        <Bar dataKey="p90" name="p90" fill={PRIMARY} isAnimationActive={false} />
        <Bar dataKey="p99" name="p99" fill={TERTIARY} isAnimationActive={false} />
      </BarChart>
    </ResponsiveContainer>
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
