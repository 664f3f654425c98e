import type { Percentiles } from '@switchboard/contracts/analytics';

/** A latency histogram (migration 031's analytics.ms_bucket): a bucket's milliseconds → how many. */
export type Histogram = Map<number, number>;

/**
 * PostgreSQL's percentile_cont over the values a histogram counts: the value at position p·(n−1) of the
 * sorted values, interpolated between its two neighbours. Null when the histogram is empty.
 */
export function percentileOf(histogram: Histogram, fraction: number): number | null {
  const buckets = [...histogram].filter(([, count]) => count > 0).sort(([a], [b]) => a - b);
  const total = buckets.reduce((sum, [, count]) => sum + count, 0);
  if (total === 0) return null;
  const position = fraction * (total - 1);
  const below = Math.floor(position);
  const valueAt = (index: number): number => {
    let seen = 0;
    for (const [value, count] of buckets) {
      seen += count;
      if (index < seen) return value;
    }
    return buckets[buckets.length - 1]![0];
  };
  const low = valueAt(below);
  const share = position - below;
  return share === 0 ? low : low + (valueAt(below + 1) - low) * share;
}

export function percentilesOf(histogram: Histogram | undefined): Percentiles {
  const of = (fraction: number) => (histogram ? percentileOf(histogram, fraction) : null);
  return { p50: of(0.5), p90: of(0.9), p99: of(0.99) };
}
