import type { SeriesPoint } from './forecast-types';

const DAY_MS = 86_400_000;

/** A series on a regular grid: value `values[i]` at `start + i * interval`. */
export interface GridSeries {
  start: number;
  interval: number;
  values: number[];
}

function median(sorted: readonly number[]): number {
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** The sampling interval: the median gap between timestamps, snapped to a whole minute (or day). */
export function samplingInterval(times: readonly number[]): number {
  const gaps = times
    .slice(1)
    .map((t, i) => t - times[i]!)
    .filter((gap) => gap > 0)
    .sort((a, b) => a - b);
  if (!gaps.length) return DAY_MS;
  const gap = median(gaps);
  if (gap >= DAY_MS / 2) return Math.max(1, Math.round(gap / DAY_MS)) * DAY_MS;
  return Math.max(60_000, Math.round(gap / 60_000) * 60_000);
}

/**
 * Puts the points on the grid of their sampling interval: points falling in the same slot are
 * averaged, empty slots are interpolated linearly between their neighbours.
 */
export function toGrid(points: readonly SeriesPoint[]): GridSeries {
  const sorted = points
    .filter((p) => Number.isFinite(p.t) && Number.isFinite(p.v))
    .sort((a, b) => a.t - b.t);
  if (!sorted.length) throw new Error('the series has no finite points');
  const interval = samplingInterval(sorted.map((p) => p.t));
  const start = sorted[0]!.t;
  const length = Math.round((sorted.at(-1)!.t - start) / interval) + 1;
  const sums = new Float64Array(length);
  const counts = new Uint32Array(length);
  for (const { t, v } of sorted) {
    const slot = Math.round((t - start) / interval);
    sums[slot]! += v;
    counts[slot]! += 1;
  }
  const values: number[] = new Array<number>(length);
  let previous = -1;
  for (let i = 0; i < length; i++) {
    if (!counts[i]) continue;
    values[i] = sums[i]! / counts[i]!;
    for (let gap = previous + 1; gap < i; gap++) {
      const share = (gap - previous) / (i - previous);
      values[gap] = values[previous]! + share * (values[i]! - values[previous]!);
    }
    previous = i;
  }
  return { start, interval, values };
}

/** Seasonal periods in points: a week for daily data; a day and a week below a day. */
export function seasonalPeriods(interval: number): number[] {
  if (interval >= DAY_MS) return interval === DAY_MS ? [7] : [];
  const daily = DAY_MS / interval;
  if (!Number.isInteger(daily)) return [];
  return [daily, daily * 7];
}

export { DAY_MS };
