const DAY_MS = 86_400_000;
const MIN_PERIOD = 4;

/** The first gaps between timestamps, then the cycle they imply and the values of the last one. */
export interface CycleState {
  gaps: number[];
  /** Points per cycle; 0 until inferred, or when no cycle fits. */
  period: number;
  /** Per moment of the cycle, a blend of its past values; `at` is the moment of the next point. */
  values: number[];
  at: number;
  lastTimestamp: number | null;
}

export const GAPS_TO_INFER_PERIOD = 16;

export function emptyCycle(): CycleState {
  return { gaps: [], period: 0, values: [], at: 0, lastTimestamp: null };
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

/** A day in points when it holds at least 4 and at most `maxPeriod`, else a week; 0 if neither fits. */
export function inferPeriod(gaps: readonly number[], maxPeriod: number): number {
  const interval = median(gaps);
  if (!(interval > 0)) return 0;
  for (const cycleMs of [DAY_MS, 7 * DAY_MS]) {
    const points = Math.round(cycleMs / interval);
    if (points >= MIN_PERIOD && points <= maxPeriod) return points;
  }
  return 0;
}

/** Learns the sampling interval from the first timestamps, and from it the cycle. */
export function observeTime(cycle: CycleState, timestampMs: number, maxPeriod: number): void {
  if (cycle.lastTimestamp !== null && cycle.gaps.length < GAPS_TO_INFER_PERIOD) {
    cycle.gaps.push(timestampMs - cycle.lastTimestamp);
    if (cycle.gaps.length === GAPS_TO_INFER_PERIOD)
      cycle.period = inferPeriod(cycle.gaps, maxPeriod);
  }
  cycle.lastTimestamp = timestampMs;
}

/** What the cycle expects at this moment, once a whole cycle has been seen. */
export function expectedInCycle(cycle: CycleState): number | null {
  if (cycle.period === 0 || cycle.values.length < cycle.period) return null;
  return cycle.values[cycle.at] ?? null;
}

/** Learns a value into its moment of the cycle: the first cycle as is, later ones blended in by `alpha`. */
export function rememberValue(cycle: CycleState, value: number, alpha: number): void {
  if (cycle.period === 0) return;
  if (cycle.values.length < cycle.period) {
    cycle.values.push(value);
    return;
  }
  const old = cycle.values[cycle.at] ?? value;
  cycle.values[cycle.at] = old + alpha * (value - old);
  cycle.at = (cycle.at + 1) % cycle.period;
}
