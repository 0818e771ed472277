import { forecast, type ForecastPoint, type SeriesPoint } from './model';

/** A daily cost series' next `horizon` days with 80 % and 95 % intervals (the backtested model, `make oracle-backtest`). */
export function forecastDaily(series: readonly SeriesPoint[], horizon: number): ForecastPoint[] {
  if (series.length === 0) return [];
  return forecast(series, { horizon });
}
