/** NAB's cost weights for one scoring profile. */
export interface CostMatrix {
  tpWeight: number;
  fpWeight: number;
  fnWeight: number;
}

export const NAB_PROFILES = {
  standard: { tpWeight: 1, fpWeight: 0.11, fnWeight: 1 },
  reward_low_FP_rate: { tpWeight: 1, fpWeight: 0.22, fnWeight: 1 },
  reward_low_FN_rate: { tpWeight: 1, fpWeight: 0.11, fnWeight: 2 },
} as const satisfies Record<string, CostMatrix>;

export type NabProfile = keyof typeof NAB_PROFILES;

/** One series' detector output aligned with its labels: row timestamps, scores and windows (inclusive, ms). */
export interface ScoredSeries {
  name: string;
  timestamps: readonly number[];
  scores: readonly number[];
  windows: readonly (readonly [number, number])[];
}

/**
 * What a detection at a row would be worth before profile weights: inside a window, the share
 * of tpWeight and the window; outside, the multiple of fpWeight (negative). Probationary rows
 * are not listed.
 */
export interface RowWorth {
  row: number;
  score: number;
  /** Index among the series' windows, or -1 outside every window. */
  window: number;
  worth: number;
}

/** NAB's scaled sigmoid: about 0.987 at −1 (a window's first row), 0 at 0, −1 from 3 on. */
export function scaledSigmoid(x: number): number {
  if (x >= 3) return -1;
  return 2 / (1 + Math.exp(5 * x)) - 1;
}

const MAX_TP = scaledSigmoid(-1);

/** The first ⌊15 %⌋ of the rows, at most 750 (NAB's probationary period). */
export function probationaryRows(rowCount: number): number {
  return Math.min(Math.floor(0.15 * rowCount), 0.15 * 5000);
}

function windowRows(series: ScoredSeries): [number, number][] {
  const index = new Map(series.timestamps.map((t, row) => [t, row]));
  return series.windows.map(([start, end]) => {
    const first = index.get(start);
    const last = index.get(end);
    if (first === undefined || last === undefined) {
      throw new Error(`${series.name}: window ${start}..${end} does not start and end on rows`);
    }
    return [first, last];
  });
}

/** Every scorable row of a series with what detecting there is worth (NAB's sweeper). */
export function rowWorths(series: ScoredSeries): RowWorth[] {
  const windows = windowRows(series);
  const probation = probationaryRows(series.timestamps.length);
  const worths: RowWorth[] = [];
  let next = 0;
  let previous: { last: number; width: number } | undefined;
  series.scores.forEach((score, row) => {
    let current = windows[next];
    while (current && current[1] < row) {
      previous = { last: current[1], width: current[1] - current[0] + 1 };
      next += 1;
      current = windows[next];
    }
    const inside = current !== undefined && current[0] <= row;
    let worth: number;
    if (current && inside) {
      const [first, last] = current;
      const position = -(last - row + 1) / (last - first + 1);
      worth = scaledSigmoid(position) / MAX_TP;
    } else {
      worth = previous ? scaledSigmoid((row - previous.last) / (previous.width - 1)) : -1;
    }
    if (row >= probation) worths.push({ row, score, window: inside ? next : -1, worth });
  });
  return worths;
}

/** A series' raw score when rows at or above `threshold` detect. */
export function seriesScore(worths: readonly RowWorth[], threshold: number, cost: CostMatrix) {
  const best = new Map<number, number>();
  let falsePositives = 0;
  let fpCost = 0;
  for (const w of worths) {
    if (w.window >= 0) {
      if (!best.has(w.window)) best.set(w.window, -cost.fnWeight);
      if (w.score >= threshold) {
        best.set(w.window, Math.max(best.get(w.window)!, w.worth * cost.tpWeight));
      }
    } else if (w.score >= threshold) {
      falsePositives += 1;
      fpCost += w.worth * cost.fpWeight;
    }
  }
  let detected = 0;
  let windowsTotal = 0;
  for (const value of best.values()) {
    windowsTotal += value;
    if (value > -cost.fnWeight) detected += 1;
  }
  return {
    raw: windowsTotal + fpCost,
    windows: best.size,
    detected,
    falsePositives,
  };
}

/**
 * NAB's threshold sweep over a whole corpus: the one threshold (among the scores given) that
 * maximises the total raw score, the highest of equals. Starts from 1.1, which detects nothing.
 */
export function sweepThreshold(
  corpus: readonly (readonly RowWorth[])[],
  cost: CostMatrix,
): { threshold: number; raw: number } {
  const rows: { score: number; window: number; worth: number }[] = [];
  let windowCount = 0;
  corpus.forEach((worths) => {
    const local = new Map<number, number>();
    for (const w of worths) {
      let id = -1;
      if (w.window >= 0) {
        if (!local.has(w.window)) local.set(w.window, windowCount + local.size);
        id = local.get(w.window)!;
      }
      rows.push({ score: w.score, window: id, worth: w.worth });
    }
    windowCount += local.size;
  });
  rows.sort((a, b) => b.score - a.score);
  const best = new Float64Array(windowCount).fill(-cost.fnWeight);
  let total = -cost.fnWeight * windowCount;
  let bestTotal = total;
  let bestThreshold = 1.1;
  rows.forEach(({ score, window, worth }, i) => {
    if (window < 0) {
      total += worth * cost.fpWeight;
    } else {
      const gain = worth * cost.tpWeight - (best[window] ?? 0);
      if (gain > 0) {
        total += gain;
        best[window] = worth * cost.tpWeight;
      }
    }
    const lastOfThreshold = rows[i + 1]?.score !== score;
    if (lastOfThreshold && total > bestTotal) {
      bestTotal = total;
      bestThreshold = score;
    }
  });
  return { threshold: bestThreshold, raw: bestTotal };
}

/** 100 for the perfect detector (every window caught at its first row), 0 for the null one. */
export function normalise(raw: number, windows: number, cost: CostMatrix): number {
  const nullRaw = -cost.fnWeight * windows;
  const perfect = cost.tpWeight * windows;
  return (100 * (raw - nullRaw)) / (perfect - nullRaw);
}
