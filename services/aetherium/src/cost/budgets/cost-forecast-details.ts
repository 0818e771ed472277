import { z } from 'zod';

import type { ForecastPoint } from './cost-forecast.entity';

const amount = z.number().finite();

const point = z.object({
  date: z.iso.date(),
  mean: amount,
  lo80: amount,
  hi80: amount,
  lo95: amount,
  hi95: amount,
});

/** The `details` of the oracle's FORECAST insight for one cost scope and month. */
export const costForecastDetails = z.object({
  type: z.literal('cost_forecast'),
  scope: z
    .object({
      kind: z.enum(['all', 'account', 'service', 'tag']),
      value: z.string().max(512).nullish(),
    })
    .refine((scope) => scope.kind === 'all' || !!scope.value, {
      message: 'expected a value for a scope other than all',
      path: ['value'],
    }),
  currency: z.string().regex(/^[A-Z]{3}$/),
  metric: z.enum(['billed', 'effective']),
  month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/),
  monthToDate: amount,
  projectedMonthTotal: amount,
  projectedLo80: amount,
  projectedHi80: amount,
  horizonDays: z.number().int().min(0),
  points: z.array(point).max(400),
});
export type CostForecastDetails = z.output<typeof costForecastDetails>;

/** A forecast's details, or an error naming every field it gets wrong. */
export function parseCostForecastDetails(insightId: string, details: unknown): CostForecastDetails {
  const parsed = costForecastDetails.safeParse(details);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map(
    (issue) => `details.${issue.path.join('.')}: ${issue.message}`,
  );
  throw new Error(`cost_forecast insight ${insightId} is malformed: ${problems.join('; ')}`);
}

/**
 * The first day of the month on which what was spent so far plus the forecast's daily means
 * reaches the amount; null if the month ends first.
 */
export function overrunDate(
  forecast: { month: string; monthToDate: number; points: readonly ForecastPoint[] },
  amount: number,
): string | null {
  let total = forecast.monthToDate;
  const inMonth = forecast.points
    .filter((point) => point.date.startsWith(`${forecast.month}-`))
    .sort((a, b) => a.date.localeCompare(b.date));
  for (const point of inMonth) {
    total += point.mean;
    if (total >= amount) return point.date;
  }
  return null;
}
