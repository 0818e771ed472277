// Chooses the Holt-Winters variants (seasonal period, trend, smoothing) with the smallest mean
// absolute error over rolling origins on the training data; the forecast is their average.
import type { HoltWintersParams } from './holt-winters';
import { forecastFrom, runFilter } from './holt-winters';

const ALPHAS = [0.05, 0.15, 0.4, 0.8];
const TRENDS = [
  { beta: 0, phi: 1 },
  { beta: 0.05, phi: 0.9 },
  { beta: 0.1, phi: 0.98 },
];
const GAMMAS = [0.05, 0.2, 0.5];
const ORIGINS = 24;
const COMBINED = 3;

/** Points the filter runs before its errors count: two of the longest cycles, at least 14. */
export const warmUpLength = (periods: readonly number[]) =>
  Math.max(14, ...periods.map((p) => 2 * p));

export function candidates(periods: readonly number[], shiftAfter: number): HoltWintersParams[] {
  const out: HoltWintersParams[] = [];
  for (const period of [0, ...periods])
    for (const alpha of ALPHAS)
      for (const trend of TRENDS)
        for (const gamma of period ? GAMMAS : [0])
          out.push({ alpha, ...trend, gamma, period, shiftAfter });
  return out;
}

/** Origins spread from `earliest` to the last point, each forecasting what is left up to `horizon`. */
export function rollingOrigins(length: number, earliest: number, count = ORIGINS): number[] {
  if (earliest >= length) return [];
  const span = length - 1 - earliest;
  const step = Math.max(1, Math.floor(span / Math.max(1, count - 1)));
  const origins: number[] = [];
  for (let o = length - 1; o >= earliest && origins.length < count; o -= step) origins.unshift(o);
  return origins;
}

/**
 * Errors (actual − forecast) of `params` at each origin, indexed by step ahead, each held within
 * its point's `limits` when given.
 */
export function errorsByStep(
  values: readonly number[],
  params: HoltWintersParams,
  origins: readonly number[],
  horizon: number,
  adjustment?: (index: number) => number,
  limits?: Float64Array,
): number[][] {
  const byStep: number[][] = Array.from({ length: horizon }, () => []);
  const { snapshots } = runFilter(values, params, origins, adjustment);
  for (const state of snapshots) {
    const steps = Math.min(horizon, values.length - state.next);
    const mean = forecastFrom(state, params, steps, adjustment);
    for (let k = 0; k < steps; k++) {
      const error = values[state.next + k]! - mean[k]!;
      const limit = limits?.[state.next + k] ?? Infinity;
      byStep[k]!.push(Math.max(-limit, Math.min(limit, error)));
    }
  }
  return byStep;
}

const meanAbs = (byStep: number[][]) => {
  let sum = 0;
  let count = 0;
  for (const errors of byStep)
    for (const e of errors) {
      sum += Math.abs(e);
      count++;
    }
  return count ? sum / count : Infinity;
};

/** The `count` variants with the smallest rolling-origin MAE (`score`), best first. */
export function selectModels(
  values: readonly number[],
  periods: readonly number[],
  horizon: number,
  shiftAfter: number,
  count = COMBINED,
): { params: HoltWintersParams; score: number }[] {
  const origins = rollingOrigins(values.length, warmUpLength(periods));
  return candidates(periods, shiftAfter)
    .map((params) => ({ params, score: meanAbs(errorsByStep(values, params, origins, horizon)) }))
    .sort((a, b) => a.score - b.score)
    .slice(0, count);
}
