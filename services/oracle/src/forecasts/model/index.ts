export type { BudgetOverrun } from './budget-overrun';
export { budgetOverrun } from './budget-overrun';
export { forecast } from './forecast';
export type { ForecastOptions, ForecastPoint, SeriesPoint } from './forecast-types';
export { samplingInterval, seasonalPeriods, toGrid } from './series-grid';
