/** Exponentially weighted mean and variance: bounded memory, recent points weigh more. */
export interface EwStats {
  mean: number;
  variance: number;
  count: number;
}

export function emptyStats(): EwStats {
  return { mean: 0, variance: 0, count: 0 };
}

/** Learns `x` with weight `alpha` (at least 1/count early on, so the first points set the level). */
export function learn(stats: EwStats, x: number, alpha: number): void {
  stats.count += 1;
  const a = Math.max(alpha, 1 / stats.count);
  const diff = x - stats.mean;
  stats.mean += a * diff;
  stats.variance = (1 - a) * (stats.variance + a * diff * diff);
}

/** |x − mean| in standard deviations, with a floor on the deviation for flat series. */
export function deviation(stats: EwStats, x: number, floor: number): number {
  return Math.abs(x - stats.mean) / Math.max(Math.sqrt(stats.variance), floor);
}
