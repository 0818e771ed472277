// The forecaster: the average of the three robust Holt-Winters variants best on rolling origins, month-day effects for daily
// series (and days scaled by their month's length when that forecasts better), conformal
// intervals; non-negative series get non-negative forecasts.
import { monthDayEffects } from './calendar-effects';
import type { ForecastOptions, ForecastPoint, SeriesPoint } from './forecast-types';
import type { HoltWintersParams } from './holt-winters';
import { forecastFrom, runFilter } from './holt-winters';
import { errorsByStep, rollingOrigins, selectModels, warmUpLength } from './model-selection';
import { monthLengthFactor } from './month-proration';
import type { StepQuantiles } from './prediction-intervals';
import { stepQuantiles } from './prediction-intervals';
import { DAY_MS, seasonalPeriods, toGrid } from './series-grid';
import { shortSeriesForecast } from './short-series';

/** At most this many of the latest points are used: five weeks of 5-minute data. */
const MAX_POINTS = 10_080;

/**
 * Scaling days by their month's length turns a month-end step into a seasonal-looking drift, so
 * it must beat the plain fit by a tenth to be taken.
 */
const PRORATION_GAIN = 0.9;

/** Analytic growth of the forecast variance with the step, for ETS(A,Ad,A). */
function varianceGrowth(params: HoltWintersParams): (step: number) => number {
  return (step) => {
    let variance = 1;
    let damp = 0;
    for (let j = 1; j <= step; j++) {
      damp += params.phi ** j;
      variance += (params.alpha * (1 + params.beta * damp)) ** 2;
    }
    return variance;
  };
}

/** Points in a row beyond the clip that make a level shift: four days, or an hour. */
const shiftAfter = (interval: number) =>
  interval >= DAY_MS ? 4 : Math.max(4, Math.round(3_600_000 / interval));

/** Errors of the averaged forecast: the average of the models' errors, step by step. */
function averaged(byModel: readonly number[][][]): number[][] {
  return byModel[0]!.map((errors, k) =>
    errors.map((_, i) => byModel.reduce((sum, m) => sum + m[k]![i]!, 0) / byModel.length),
  );
}

function toPoints(
  start: number,
  interval: number,
  mean: readonly number[],
  offsets: readonly StepQuantiles[],
  nonNegative: boolean,
): ForecastPoint[] {
  const floor = (v: number) => (nonNegative ? Math.max(0, v) : v);
  return mean.map((m, k) => {
    const q = offsets[k]!;
    return {
      t: start + k * interval,
      mean: floor(m),
      lo80: floor(m + q.lo80),
      hi80: floor(m + q.hi80),
      lo95: floor(m + q.lo95),
      hi95: floor(m + q.hi95),
    };
  });
}

interface Fit {
  score: number;
  mean: number[];
  offsets: StepQuantiles[];
}

/**
 * The averaged best variants on `values` (grid from `start`): their mean, interval offsets and
 * rolling-origin MAE (`score`, errors multiplied by `scaleBack` at their index).
 */
function fitAndForecast(
  values: readonly number[],
  start: number,
  interval: number,
  periods: readonly number[],
  horizon: number,
  scaleBack: (index: number) => number = () => 1,
): Fit {
  const warmUp = warmUpLength(periods);
  const ranked = selectModels(values, periods, horizon, shiftAfter(interval));
  const models = ranked.map((r) => r.params);
  const best = models[0]!;
  const fitted = runFilter(values, best);
  const effects = monthDayEffects(start, interval, fitted.errors, fitted.final.scale, warmUp);
  const origins = rollingOrigins(values.length, warmUp);
  const means = models.map((params) =>
    forecastFrom(runFilter(values, params, [], effects).final, params, horizon, effects),
  );
  // A spike counts as a miss of spike size, however high it went: one planted spike must not
  // stretch every interval to its height.
  const { spikeLimits } = runFilter(values, best, [], effects);
  const errors = averaged(
    models.map((params) => errorsByStep(values, params, origins, horizon, effects, spikeLimits)),
  );
  const mean = means[0]!.map((_, k) => means.reduce((sum, m) => sum + m[k]!, 0) / means.length);
  const offsets = stepQuantiles(errors, horizon, varianceGrowth(best), Math.max(1, best.period));
  let sum = 0;
  let count = 0;
  errors.forEach((atStep, k) =>
    atStep.forEach((e, i) => {
      sum += Math.abs(e) * scaleBack(origins[i]! + k);
      count++;
    }),
  );
  return { score: sum / count, mean, offsets };
}

/** The fit on the values scaled to an average month's day, scaled back (daily series only). */
function monthProratedFit(
  values: readonly number[],
  start: number,
  interval: number,
  periods: readonly number[],
  horizon: number,
): Fit {
  const factor = monthLengthFactor(start, interval);
  const fit = fitAndForecast(
    values.map((v, i) => v * factor(i)),
    start,
    interval,
    periods,
    horizon,
    (index) => 1 / factor(index),
  );
  const back = (k: number) => 1 / factor(values.length + k);
  return {
    score: fit.score,
    mean: fit.mean.map((m, k) => m * back(k)),
    offsets: fit.offsets.map((q, k) => ({
      lo80: q.lo80 * back(k),
      hi80: q.hi80 * back(k),
      lo95: q.lo95 * back(k),
      hi95: q.hi95 * back(k),
    })),
  };
}

/** Forecasts the `horizon` points after the series, with 80 % and 95 % intervals. */
export function forecast(
  series: readonly SeriesPoint[],
  options: ForecastOptions,
): ForecastPoint[] {
  const horizon = Math.floor(options.horizon);
  if (!(horizon >= 1))
    throw new Error(`horizon must be a positive integer, not ${options.horizon}`);
  const grid = toGrid(series);
  const values = grid.values.slice(-MAX_POINTS);
  const start = grid.start + (grid.values.length - values.length) * grid.interval;
  const nonNegative = values.every((v) => v >= 0);
  const firstForecast = start + values.length * grid.interval;
  const periods = seasonalPeriods(grid.interval).filter((p) => values.length >= 3 * p);
  if (
    values.length < warmUpLength(periods) + 7 ||
    (!periods.length && seasonalPeriods(grid.interval).length)
  ) {
    const short = shortSeriesForecast(values, seasonalPeriods(grid.interval)[0] ?? 1, horizon);
    return toPoints(firstForecast, grid.interval, short.mean, short.offsets, nonNegative);
  }
  let chosen = fitAndForecast(values, start, grid.interval, periods, horizon);
  if (grid.interval === DAY_MS) {
    const prorated = monthProratedFit(values, start, grid.interval, periods, horizon);
    if (prorated.score < PRORATION_GAIN * chosen.score) chosen = prorated;
  }
  return toPoints(firstForecast, grid.interval, chosen.mean, chosen.offsets, nonNegative);
}
