/** How much history a day's baseline reads, and how much it needs. */
export const BASELINE_DAYS = 28;
export const MIN_HISTORY_DAYS = 21;

export interface Expectation {
  expected: number;
  /** A robust standard deviation of the day's cost around `expected`. */
  scale: number;
}

/**
 * What day `at` of a daily cost series should be, from the days before it only: the median
 * of the last two weeks, times the weekday's factor over the last four (weekends cost less),
 * with a spread from the median absolute deviation of the seasonally adjusted history. Medians
 * keep a past spike or outage from moving the baseline.
 */
export function expectation(values: readonly number[], at: number): Expectation | undefined {
  if (at < MIN_HISTORY_DAYS) return undefined;
  const from = Math.max(0, at - BASELINE_DAYS);
  const history = values.slice(from, at);
  const overall = median(history);
  const factor = (index: number): number => {
    const sameDay: number[] = [];
    for (let j = index - 7; j >= from; j -= 7) sameDay.push(values[j]!);
    if (sameDay.length < 3 || overall <= 0) return 1;
    return Math.min(3, median(sameDay) / overall);
  };
  // A weekday that costs nothing (stopped at weekends) says nothing about the level.
  const adjusted = history.flatMap((value, offset) => {
    const weekday = factor(from + offset);
    return weekday > 0.05 ? [value / weekday] : [];
  });
  const level = median(adjusted.slice(-14));
  const spread = 1.4826 * median(adjusted.map((value) => Math.abs(value - level)));
  const seasonal = factor(at);
  const expected = level * seasonal;
  return { expected, scale: Math.max(spread * seasonal, 0.02 * expected, 0.01) };
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}
