import { addDays, type GroupByChoice } from './costs';
import type { Forecast, ForecastScopeKind } from './oracle-views';

/** Which forecast a chart can show: all cost, or one of its groups when it groups by a scope. */
export interface ForecastScope {
  kind: ForecastScopeKind;
  value?: string;
}

export const ALL_COST: ForecastScope = { kind: 'all' };

/** The scope of one of the chart's groups; all cost when the grouping has no forecast. */
export function forecastScopeOf(
  groupBy: GroupByChoice,
  groupKey: string | undefined,
): ForecastScope {
  if (!groupKey || groupKey === '(other)') return ALL_COST;
  if (groupBy === 'service') return { kind: 'service', value: groupKey };
  if (groupBy === 'account') return { kind: 'account', value: groupKey };
  return ALL_COST;
}

/** Whether the chart's groups are scopes the oracle forecasts (so each can be chosen). */
export function groupsAreForecast(groupBy: GroupByChoice): boolean {
  return groupBy === 'service' || groupBy === 'account';
}

/** The band's series on the chart's days and the forecast days after them; null where none. */
export interface BandSeries {
  /** The chart's days, then the forecast's. */
  days: string[];
  /** How many of `days` are forecast, at the end. */
  forecastDays: number;
  mean: (number | null)[];
  lo80: (number | null)[];
  hi80: (number | null)[];
  lo95: (number | null)[];
  hi95: (number | null)[];
  max: number;
}

/** The forecast is drawn only when it starts at most this many days after the chart ends. */
export const MAX_GAP_DAYS = 3;

/**
 * The forecast after the chart's last day: the chart's days extended by the forecast's (and
 * any days between, empty), each interval as a series that is null on the actual days.
 * Undefined when the forecast starts long after the chart ends, or has nothing after it.
 */
export function bandAfter(
  days: readonly string[],
  forecast: Forecast | undefined,
): BandSeries | undefined {
  const lastShown = days[days.length - 1];
  if (!forecast || !lastShown) return undefined;
  const ahead = forecast.points.filter((point) => point.date > lastShown);
  const first = ahead[0];
  if (!first || first.date > addDays(lastShown, MAX_GAP_DAYS + 1)) return undefined;
  const last = ahead[ahead.length - 1]?.date ?? first.date;
  const extra: string[] = [];
  for (let day = addDays(lastShown, 1); day <= last; day = addDays(day, 1)) extra.push(day);
  const byDay = new Map(ahead.map((point) => [point.date, point]));
  const series = (pick: (point: (typeof ahead)[number]) => number) => [
    ...days.map(() => null),
    ...extra.map((day) => {
      const point = byDay.get(day);
      return point ? pick(point) : null;
    }),
  ];
  return {
    days: [...days, ...extra],
    forecastDays: extra.length,
    mean: series((p) => p.mean),
    lo80: series((p) => p.lo80),
    hi80: series((p) => p.hi80),
    lo95: series((p) => p.lo95),
    hi95: series((p) => p.hi95),
    max: Math.max(0, ...ahead.map((p) => p.hi95)),
  };
}

/** The forecast in words, for the chart's description and the caption under it. */
export function forecastSentence(
  band: BandSeries,
  forecast: Forecast,
  money: (amount: number) => string,
): string {
  const sum = (values: (number | null)[]) =>
    values.reduce<number>((total, v) => total + (v ?? 0), 0);
  const month = forecast.month;
  return (
    `Forecast for the next ${band.forecastDays} days: ${money(sum(band.mean))} expected, ` +
    `each day within its 80 % and 95 % intervals as shaded. ` +
    `${month.month} projected at ${money(month.projected)} ` +
    `(80 % interval ${money(month.lo80)} to ${money(month.hi80)}), ${money(month.monthToDate)} so far.`
  );
}
