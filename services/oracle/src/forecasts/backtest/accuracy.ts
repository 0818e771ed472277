// Accuracy of one forecast window: MASE against the seasonal naive forecast (Hyndman: the
// scale is the in-sample MAE of the seasonal naive on the training part), the two MAEs on the
// window, and which actuals fell inside the 80 % and 95 % intervals.
import type { ForecastPoint } from '../model';

export interface WindowAccuracy {
  mase: number;
  /** The seasonal naive forecast's own MASE on the window, for reference. */
  naiveMase: number;
  mae: number;
  naiveMae: number;
  points: number;
  inside80: number;
  inside95: number;
}

/** The seasonal naive forecast: the last `period` values repeated. */
export function seasonalNaive(train: readonly number[], period: number, horizon: number): number[] {
  const lag = Math.min(period, train.length);
  const cycle = train.slice(-lag);
  return Array.from({ length: horizon }, (_, k) => cycle[k % lag]!);
}

/** In-sample MAE of the seasonal naive forecast: the mean of |yₜ − yₜ₋ₘ|. */
export function naiveScale(train: readonly number[], period: number): number {
  let sum = 0;
  for (let t = period; t < train.length; t++) sum += Math.abs(train[t]! - train[t - period]!);
  return train.length > period ? sum / (train.length - period) : NaN;
}

const meanAbsError = (actual: readonly number[], predicted: readonly number[]) =>
  actual.reduce((sum, a, k) => sum + Math.abs(a - predicted[k]!), 0) / actual.length;

export function windowAccuracy(
  train: readonly number[],
  actual: readonly number[],
  predicted: readonly ForecastPoint[],
  period: number,
): WindowAccuracy {
  const mae = meanAbsError(
    actual,
    predicted.map((p) => p.mean),
  );
  const naiveMae = meanAbsError(actual, seasonalNaive(train, period, actual.length));
  const inside = (lo: (p: ForecastPoint) => number, hi: (p: ForecastPoint) => number) =>
    actual.filter((a, k) => a >= lo(predicted[k]!) && a <= hi(predicted[k]!)).length;
  const scale = naiveScale(train, period);
  return {
    mase: mae / scale,
    naiveMase: naiveMae / scale,
    mae,
    naiveMae,
    points: actual.length,
    inside80: inside(
      (p) => p.lo80,
      (p) => p.hi80,
    ),
    inside95: inside(
      (p) => p.lo95,
      (p) => p.hi95,
    ),
  };
}
