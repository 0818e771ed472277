/** One day's billed cost of a resource. */
export interface DailyCost {
  /** YYYY-MM-DD (UTC). */
  day: string;
  amount: number;
}

export interface MeasuredSaving {
  realisedMonthlySaving: number;
  averageDailyBefore: number;
  averageDailyAfter: number;
  daysBefore: number;
  daysAfter: number;
}

export const DAYS_PER_MONTH = 30.4;
export const MEASURE_DAYS = 14;

const DAY_MS = 86_400_000;
const dayOf = (at: Date) => at.toISOString().slice(0, 10);
const addDays = (day: string, days: number) =>
  dayOf(new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS));

/**
 * What an action saved, from the bills: the average daily cost over the billed days before the
 * day it completed (up to 14) minus the average over the whole billed days after it (up to 14),
 * × 30.4. The day of the action itself is neither. Undefined until both sides have a day.
 */
export function measureSaving(
  costs: readonly DailyCost[],
  completedAt: Date,
): MeasuredSaving | undefined {
  const actionDay = dayOf(completedAt);
  const firstBefore = addDays(actionDay, -MEASURE_DAYS);
  const lastAfter = addDays(actionDay, MEASURE_DAYS);
  const byDay = new Map<string, number>();
  for (const { day, amount } of costs) byDay.set(day, (byDay.get(day) ?? 0) + amount);
  const before = [...byDay].filter(([day]) => day >= firstBefore && day < actionDay);
  const after = [...byDay].filter(([day]) => day > actionDay && day <= lastAfter);
  if (before.length === 0 || after.length === 0) return undefined;
  const average = (days: [string, number][]) =>
    days.reduce((sum, [, amount]) => sum + amount, 0) / days.length;
  const averageDailyBefore = average(before);
  const averageDailyAfter = average(after);
  return {
    realisedMonthlySaving:
      Math.round((averageDailyBefore - averageDailyAfter) * DAYS_PER_MONTH * 100) / 100,
    averageDailyBefore: Math.round(averageDailyBefore * 1e6) / 1e6,
    averageDailyAfter: Math.round(averageDailyAfter * 1e6) / 1e6,
    daysBefore: before.length,
    daysAfter: after.length,
  };
}
