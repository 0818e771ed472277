/** One CPU sample: when, and percent used. */
export interface CpuPoint {
  at: number;
  percent: number;
}

const SERIES_KEYS = ['cpuUtilization', 'cpu', 'cpuSeries'];

/**
 * A CPU series from a resource's attributes, when discovery recorded one (`cpuUtilization`,
 * `cpu` or `cpuSeries`: an array of `{ at | timestamp, value | percent | average }`).
 * The API has no metrics endpoint yet, so the chart shows only when such data exists.
 */
export function cpuSeries(attributes: Record<string, unknown>): CpuPoint[] {
  for (const key of SERIES_KEYS) {
    const raw = attributes[key];
    if (!Array.isArray(raw)) continue;
    const points = raw.flatMap((sample: unknown): CpuPoint[] => {
      if (sample === null || typeof sample !== 'object') return [];
      const s = sample as Record<string, unknown>;
      const when = s.at ?? s.timestamp;
      const value = s.value ?? s.percent ?? s.average;
      const at =
        typeof when === 'string' ? Date.parse(when) : typeof when === 'number' ? when : NaN;
      return Number.isFinite(at) && typeof value === 'number' && Number.isFinite(value)
        ? [{ at, percent: value }]
        : [];
    });
    if (points.length > 0) return points.sort((a, b) => a.at - b.at);
  }
  return [];
}
