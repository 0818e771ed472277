// Rolling-origin evaluation of one series: at each origin the forecaster sees only what came
// before it and is scored on the next `horizon` points.
import { forecast } from '../model';
import type { GridSeries } from '../model/series-grid';
import type { WindowAccuracy } from './accuracy';
import { windowAccuracy } from './accuracy';

export interface BacktestSeries {
  name: string;
  grid: GridSeries;
  /** Period of the seasonal naive benchmark, in points. */
  period: number;
  horizon: number;
  origins: number[];
}

export interface SeriesAccuracy {
  name: string;
  /** Mean MASE over the windows with a non-zero scale; NaN when none had one. */
  mase: number;
  naiveMase: number;
  mae: number;
  naiveMae: number;
  points: number;
  inside80: number;
  inside95: number;
}

export function backtestSeries(series: BacktestSeries): SeriesAccuracy {
  const { grid, horizon, period } = series;
  const windows: WindowAccuracy[] = series.origins.map((origin) => {
    const train = grid.values.slice(0, origin);
    const actual = grid.values.slice(origin, origin + horizon);
    const points = train.map((v, i) => ({ t: grid.start + i * grid.interval, v }));
    const predicted = forecast(points, { horizon: actual.length });
    return windowAccuracy(train, actual, predicted, period);
  });
  const scaled = windows.filter((w) => Number.isFinite(w.mase));
  const sum = (pick: (w: WindowAccuracy) => number) => windows.reduce((s, w) => s + pick(w), 0);
  return {
    name: series.name,
    mase: scaled.reduce((s, w) => s + w.mase, 0) / scaled.length,
    naiveMase: scaled.reduce((s, w) => s + w.naiveMase, 0) / scaled.length,
    mae: sum((w) => w.mae) / windows.length,
    naiveMae: sum((w) => w.naiveMae) / windows.length,
    points: sum((w) => w.points),
    inside80: sum((w) => w.inside80),
    inside95: sum((w) => w.inside95),
  };
}

export interface CorpusSummary {
  corpus: string;
  series: number;
  /** Series left out of the MASE mean: a zero in-sample scale (flat training data). */
  unscaled: number;
  windows: number;
  mase: number;
  /** The seasonal naive forecast's own MASE on the same windows. */
  naiveMase: number;
  /** Σ forecaster MAE ÷ Σ seasonal naive MAE over the same windows, per series then averaged. */
  maeRatio: number;
  coverage80: number;
  coverage95: number;
}

export function summarise(
  corpus: string,
  results: readonly SeriesAccuracy[],
  windows: number,
): CorpusSummary {
  const scaled = results.filter((r) => Number.isFinite(r.mase));
  const ratios = results.filter((r) => r.naiveMae > 0).map((r) => r.mae / r.naiveMae);
  const points = results.reduce((s, r) => s + r.points, 0);
  return {
    corpus,
    series: results.length,
    unscaled: results.length - scaled.length,
    windows,
    mase: scaled.reduce((s, r) => s + r.mase, 0) / scaled.length,
    naiveMase: scaled.reduce((s, r) => s + r.naiveMase, 0) / scaled.length,
    maeRatio: ratios.reduce((s, r) => s + r, 0) / ratios.length,
    coverage80: results.reduce((s, r) => s + r.inside80, 0) / points,
    coverage95: results.reduce((s, r) => s + r.inside95, 0) / points,
  };
}
