// A month's projected cost against its budget: what is spent so far plus the forecast of the
// days left. The 80 % band adds the days' bounds up, as if their errors moved together, so it
// errs wide rather than narrow.
import type { ForecastPoint, SeriesPoint } from './forecast-types';

export interface BudgetOverrun {
  month: string;
  actualToDate: number;
  projectedTotal: number;
  projectedLow80: number;
  projectedHigh80: number;
  /** The first day (YYYY-MM-DD) the cumulative cost is expected to pass the budget; null if none. */
  overrunDate: string | null;
}

const monthOf = (t: number) => new Date(t).toISOString().slice(0, 7);
const dayOf = (t: number) => new Date(t).toISOString().slice(0, 10);

/** `actuals` and `forecast` are daily; only their days inside `month` (YYYY-MM) count. */
export function budgetOverrun(input: {
  month: string;
  actuals: readonly SeriesPoint[];
  forecast: readonly ForecastPoint[];
  budget: number;
}): BudgetOverrun {
  const { month, budget } = input;
  const actuals = input.actuals.filter((p) => monthOf(p.t) === month).sort((a, b) => a.t - b.t);
  const lastActual = actuals.at(-1)?.t ?? -Infinity;
  const ahead = input.forecast
    .filter((p) => monthOf(p.t) === month && dayOf(p.t) > dayOf(lastActual))
    .sort((a, b) => a.t - b.t);

  let cumulative = 0;
  let overrunDate: string | null = null;
  const passes = (t: number, amount: number) => {
    cumulative += amount;
    if (overrunDate === null && cumulative > budget) overrunDate = dayOf(t);
  };
  for (const p of actuals) passes(p.t, p.v);
  const actualToDate = cumulative;
  for (const p of ahead) passes(p.t, p.mean);
  const sum = (pick: (p: ForecastPoint) => number) =>
    ahead.reduce((total, p) => total + pick(p), actualToDate);
  return {
    month,
    actualToDate,
    projectedTotal: cumulative,
    projectedLow80: sum((p) => p.lo80),
    projectedHigh80: sum((p) => p.hi80),
    overrunDate,
  };
}
