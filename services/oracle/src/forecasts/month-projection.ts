import type { ForecastPoint } from './cost-forecast.entity';
import type { SeriesPoint } from './model/forecast-types';

export interface MonthProjection {
  month: string;
  monthToDate: number;
  projected: number;
  lo80: number;
  hi80: number;
}

/**
 * The month after the last actual day: what it has cost so far, and what it will cost by its
 * end with the forecast's means. The band adds the days' half-widths in quadrature (days'
 * errors taken as independent), which understates it when errors persist.
 */
export function monthProjection(
  actual: readonly SeriesPoint[],
  forecast: readonly ForecastPoint[],
): MonthProjection {
  const next =
    forecast[0]?.date ?? new Date(actual.at(-1)!.t + 86_400_000).toISOString().slice(0, 10);
  const month = next.slice(0, 7);
  const monthToDate = actual
    .filter((point) => new Date(point.t).toISOString().startsWith(month))
    .reduce((sum, point) => sum + point.v, 0);
  const rest = forecast.filter((point) => point.date.startsWith(month));
  const projected = monthToDate + rest.reduce((sum, point) => sum + point.mean, 0);
  const below = Math.sqrt(rest.reduce((sum, point) => sum + (point.mean - point.lo80) ** 2, 0));
  const above = Math.sqrt(rest.reduce((sum, point) => sum + (point.hi80 - point.mean) ** 2, 0));
  const round = (value: number) => Math.round(value * 100) / 100;
  return {
    month,
    monthToDate: round(monthToDate),
    projected: round(projected),
    lo80: round(Math.max(monthToDate, projected - below)),
    hi80: round(projected + above),
  };
}
