import { budgetOverrun } from './budget-overrun';
import type { ForecastPoint } from './forecast-types';

const day = (date: string) => Date.parse(`${date}T00:00:00Z`);
const ahead = (date: string, mean: number): ForecastPoint => ({
  t: day(date),
  mean,
  lo80: mean - 2,
  hi80: mean + 3,
  lo95: mean - 4,
  hi95: mean + 6,
});

describe('budgetOverrun', () => {
  // 28 days of June spent at 10 a day (280), two left forecast at 15 (30): 310 in all.
  const actuals = Array.from({ length: 28 }, (_, i) => ({
    t: day(`2026-06-${String(i + 1).padStart(2, '0')}`),
    v: 10,
  }));
  const forecast = [ahead('2026-06-29', 15), ahead('2026-06-30', 15), ahead('2026-07-01', 99)];

  it('projects the month from what is spent and what is forecast, with the 80 % band', () => {
    const result = budgetOverrun({ month: '2026-06', actuals, forecast, budget: 1000 });
    expect(result).toEqual({
      month: '2026-06',
      actualToDate: 280,
      projectedTotal: 310,
      projectedLow80: 306,
      projectedHigh80: 316,
      overrunDate: null,
    });
  });

  it('names the first forecast day the cumulative cost passes the budget', () => {
    expect(budgetOverrun({ month: '2026-06', actuals, forecast, budget: 290 }).overrunDate).toBe(
      '2026-06-29',
    );
    expect(budgetOverrun({ month: '2026-06', actuals, forecast, budget: 300 }).overrunDate).toBe(
      '2026-06-30',
    );
  });

  it('names the day already past when the actuals passed the budget', () => {
    expect(budgetOverrun({ month: '2026-06', actuals, forecast, budget: 95 }).overrunDate).toBe(
      '2026-06-10',
    );
  });
});
