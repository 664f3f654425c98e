'use client';

import 'uplot/dist/uPlot.min.css';
import type { Analytics } from '@switchboard/contracts/analytics';
import { useEffect, useMemo, useRef, useState } from 'react';
import uPlot from 'uplot';

// The Analytics charts, drawn by uPlot on a canvas. This module is loaded in the browser only, after the page
// and its tables have rendered (charts.tsx, next/dynamic): uPlot is about 22 KB of compressed JavaScript,
// which the page's first view does not wait for. The canvases are decoration for sighted readers
// (aria-hidden where charts.tsx places them); the same figures are in the tables next to them.

/** The page's colours, read from its CSS variables (globals.css), which dark mode swaps. */
interface Theme {
  primary: string;
  success: string;
  warning: string;
  muted: string;
  border: string;
  subtle: string;
}

function readTheme(): Theme {
  const style = getComputedStyle(document.documentElement);
  const color = (name: string) => style.getPropertyValue(`--color-${name}`).trim();
  return {
    primary: color('primary'),
    success: color('success'),
    warning: color('warning'),
    muted: color('muted'),
    border: color('border'),
    subtle: color('subtle'),
  };
}

/** The theme now, and again whenever the system switches between light and dark (dark mode follows it). */
function useTheme(): Theme | undefined {
  const [theme, setTheme] = useState<Theme>();
  useEffect(() => {
    const dark = window.matchMedia('(prefers-color-scheme: dark)');
    const update = () => setTheme(readTheme());
    update();
    dark.addEventListener('change', update);
    return () => dark.removeEventListener('change', update);
  }, []);
  return theme;
}

type Chart = { options: Omit<uPlot.Options, 'width' | 'height'>; data: uPlot.AlignedData };

/** One uPlot chart as wide as its container, drawn again when the theme changes. */
function Canvas({ make, height }: { make: (theme: Theme) => Chart; height: number }) {
  const ref = useRef<HTMLDivElement>(null);
  const theme = useTheme();
  useEffect(() => {
    const element = ref.current;
    if (!element || !theme) return;
    const { options, data } = make(theme);
    let width = element.clientWidth;
    const plot = new uPlot({ ...options, width, height }, data, element);
    const observer = new ResizeObserver(() => {
      if (element.clientWidth === width) return;
      width = element.clientWidth;
      plot.setSize({ width, height });
    });
    observer.observe(element);
    return () => {
      observer.disconnect();
      plot.destroy();
    };
  }, [make, theme, height]);
  // `contain: inline-size`: the chart's own width must not widen its card (a grid item), or the card would
  // never narrow and the chart, following the card, never shrink.
  return <div ref={ref} className="text-xs [contain:inline-size]" />;
}

/** The axes on the theme's colours; categorical x values are indexes into `labels`. */
function axis(theme: Theme, extra: uPlot.Axis = {}): uPlot.Axis {
  return {
    stroke: theme.muted,
    grid: { stroke: theme.border, width: 1 },
    ticks: { stroke: theme.border, width: 1 },
    ...extra,
  };
}

/** x positions 0..n-1, one per category, labelled under about one column in every 60 pixels. */
function categoryAxis(theme: Theme, labels: string[]): uPlot.Axis {
  return axis(theme, {
    grid: { show: false },
    splits: (plot) => {
      const room = Math.max(1, Math.floor(plot.bbox.width / uPlot.pxRatio / 60));
      const every = Math.max(1, Math.ceil(labels.length / room));
      return labels.map((_, index) => index).filter((index) => index % every === 0);
    },
    values: (_, splits) => splits.map((index) => labels[index] ?? ''),
  });
}

const categoryScale = (count: number): uPlot.Scale => ({ time: false, range: [-0.5, count - 0.5] });

/** From zero to a little above the highest value (1 when there is none). */
const fromZero: uPlot.Scale.Range = (_, __, max) => [0, Math.max(max, 1) * 1.1];

const whole = (value: number) => Math.round(value).toLocaleString();
const shown = (format: (value: number) => string) => (_: uPlot, value: number | null) =>
  value === null || value === undefined ? '–' : format(value);

export interface DaysPlotProps {
  days: Analytics['byDay'];
  labels: string[];
  /** Whether the installation bills calls (the cost series is drawn only then). */
  withCost: boolean;
  formatCost: (credits: number) => string;
}

/** Calls per day as columns; minutes, and the cost in credits where billed, as lines on scales of their own. */
export function DaysPlot({ days, labels, withCost, formatCost }: DaysPlotProps) {
  const make = useMemo(
    () =>
      (theme: Theme): Chart => ({
        options: {
          scales: {
            x: categoryScale(days.length),
            calls: { range: fromZero },
            minutes: { range: fromZero },
            credits: { range: fromZero },
          },
          axes: [
            categoryAxis(theme, labels),
            axis(theme, { scale: 'calls', values: (_, splits) => splits.map(whole) }),
            axis(theme, {
              scale: 'minutes',
              side: 1,
              grid: { show: false },
              values: (_, splits) => splits.map(whole),
            }),
          ],
          series: [
            { label: 'Day', value: (_, index) => labels[index] ?? '' },
            {
              label: 'Calls',
              scale: 'calls',
              fill: theme.primary,
              stroke: theme.primary,
              width: 0,
              paths: uPlot.paths.bars?.({ size: [0.6, 32] }),
              points: { show: false },
              value: shown(whole),
            },
            {
              label: 'Minutes',
              scale: 'minutes',
              stroke: theme.success,
              width: 2,
              points: { show: true, size: 5, fill: theme.success },
              value: shown((value) => value.toLocaleString()),
            },
            ...(withCost
              ? [
                  {
                    label: 'Credits',
                    scale: 'credits',
                    stroke: theme.warning,
                    width: 2,
                    dash: [4, 4],
                    points: { show: true, size: 5, fill: theme.warning },
                    value: shown(formatCost),
                  },
                ]
              : []),
          ],
        },
        data: [
          days.map((_, index) => index),
          days.map((day) => day.calls),
          days.map((day) => day.minutes),
          ...(withCost ? [days.map((day) => day.costCredits)] : []),
        ],
      }),
    [days, labels, withCost, formatCost],
  );
  return <Canvas make={make} height={220} />;
}

const PERCENTILES = ['p50', 'p90', 'p99'] as const;

/** Turn latency percentiles per measure as grouped columns on one millisecond scale. */
export function LatencyPlot({
  rows,
}: {
  rows: { label: string; p50: number | null; p90: number | null; p99: number | null }[];
}) {
  const make = useMemo(
    () =>
      (theme: Theme): Chart => {
        const colors = [theme.success, theme.primary, theme.warning];
        // Three columns side by side within each measure's slot: each starts at its own offset (in x units).
        const width = 0.26;
        return {
          options: {
            scales: { x: categoryScale(rows.length), y: { range: fromZero } },
            axes: [
              // Two words a line (uPlot breaks labels at \n): "End of utterance" would run into its neighbour.
              {
                ...categoryAxis(
                  theme,
                  rows.map((row) => row.label.replace(/^(\S+(?: \S+)?) /, '$1\n')),
                ),
                size: 56,
              },
              axis(theme, { values: (_, splits) => splits.map((value) => `${whole(value)} ms`), size: 64 }),
            ],
            series: [
              { label: 'Measure', value: (_, index) => rows[index]?.label ?? '' },
              ...PERCENTILES.map((key, position) => ({
                label: key,
                fill: colors[position],
                stroke: colors[position],
                width: 0,
                points: { show: false },
                value: shown((value) => `${whole(value)} ms`),
                paths: uPlot.paths.bars?.({
                  disp: {
                    x0: {
                      unit: 1 as const,
                      values: (plot: uPlot) =>
                        (plot.data[0] as number[]).map((x) => x - (3 * width) / 2 + position * width),
                    },
                    size: { unit: 1 as const, values: () => [width * 0.9] },
                  },
                }),
              })),
            ],
          },
          data: [
            rows.map((_, index) => index),
            ...PERCENTILES.map((key) => rows.map((row) => row[key])),
          ] as uPlot.AlignedData,
        };
      },
    [rows],
  );
  return <Canvas make={make} height={220} />;
}

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

/**
 * Calls per hour of day (x) and weekday (y, Sunday at the top) as a heat map: uPlot draws the axes and the
 * cursor, a draw hook the cells, shaded by count. Hovering a cell names it below the chart.
 */
export function HoursPlot({ cells }: { cells: Analytics['busiestHours'] }) {
  const [hovered, setHovered] = useState<string>();
  const make = useMemo(
    () =>
      (theme: Theme): Chart => {
        const counts = new Map(cells.map((cell) => [`${cell.weekday}:${cell.hour}`, cell.calls]));
        const highest = Math.max(1, ...cells.map((cell) => cell.calls));
        const cellAt = (plot: uPlot) => {
          const { left, top } = plot.cursor;
          if (left === undefined || top === undefined || left < 0 || top < 0) return undefined;
          const hour = Math.round(plot.posToVal(left, 'x'));
          const weekday = 6 - Math.round(plot.posToVal(top, 'y'));
          if (hour < 0 || hour > 23 || weekday < 0 || weekday > 6) return undefined;
          const calls = counts.get(`${weekday}:${hour}`) ?? 0;
          return `${WEEKDAYS[weekday]} ${hour}:00–${hour + 1}:00: ${calls.toLocaleString()} calls`;
        };
        return {
          options: {
            legend: { show: false },
            cursor: { x: false, y: false, points: { show: false } },
            scales: { x: categoryScale(24), y: { time: false, range: [-0.5, 6.5] } },
            axes: [
              axis(theme, {
                grid: { show: false },
                splits: () => [0, 3, 6, 9, 12, 15, 18, 21],
                values: (_, splits) => splits.map(String),
              }),
              axis(theme, {
                grid: { show: false },
                splits: () => [0, 1, 2, 3, 4, 5, 6],
                values: (_, splits) => splits.map((value) => WEEKDAYS[6 - value] ?? ''),
                size: 40,
              }),
            ],
            series: [{}],
            hooks: {
              draw: [
                (plot) => {
                  const { ctx } = plot;
                  const gap = uPlot.pxRatio;
                  ctx.save();
                  for (let weekday = 0; weekday < 7; weekday++) {
                    for (let hour = 0; hour < 24; hour++) {
                      const calls = counts.get(`${weekday}:${hour}`) ?? 0;
                      const x0 = plot.valToPos(hour - 0.5, 'x', true);
                      const x1 = plot.valToPos(hour + 0.5, 'x', true);
                      const y0 = plot.valToPos(6 - weekday + 0.5, 'y', true);
                      const y1 = plot.valToPos(6 - weekday - 0.5, 'y', true);
                      ctx.globalAlpha = calls > 0 ? 0.15 + 0.85 * (calls / highest) : 1;
                      ctx.fillStyle = calls > 0 ? theme.primary : theme.subtle;
                      ctx.fillRect(x0 + gap, y0 + gap, x1 - x0 - 2 * gap, y1 - y0 - 2 * gap);
                    }
                  }
                  ctx.restore();
                },
              ],
              setCursor: [(plot) => setHovered(cellAt(plot))],
            },
          },
          data: [Array.from({ length: 24 }, (_, hour) => hour)],
        };
      },
    [cells],
  );
  return (
    <div className="grid gap-1">
      <Canvas make={make} height={200} />
      <p className="h-4 text-xs text-muted">{hovered ?? 'Hover a cell for its calls.'}</p>
    </div>
  );
}
