import { z } from 'zod';

import type { Budget, BudgetAlert } from './budget.entity';
import type { BudgetForecast } from './budget-forecasts';

export const newBudget = z.strictObject({
  name: z.string().trim().min(1, 'expected a name').max(200, 'expected at most 200 characters'),
  scope: z.discriminatedUnion('kind', [
    z.strictObject({ kind: z.literal('all') }),
    z.strictObject({
      kind: z.literal('account'),
      value: z
        .string()
        .min(1)
        .max(128)
        .describe("The provider's account, subscription or project id"),
    }),
    z.strictObject({
      kind: z.literal('service'),
      value: z.string().min(1).max(128).describe('A service name as cost answers show it'),
    }),
    z.strictObject({
      kind: z.literal('tag'),
      value: z.string().regex(/^[^=\s]{1,256}=.{1,255}$/, 'expected key=value'),
    }),
  ]),
  monthlyAmount: z
    .string()
    .refine(
      (amount) => /^\d{1,12}(\.\d{1,2})?$/.test(amount) && Number(amount) > 0,
      'expected an amount above 0 such as 2500 or 2500.50',
    )
    .describe('Decimal text above 0, at most 12 digits and 2 decimals, e.g. 2500.50'),
  currency: z
    .string()
    .regex(/^[A-Z]{3}$/, 'expected an ISO 4217 currency code such as USD')
    .default('USD'),
  metric: z.enum(['billed', 'effective']).default('effective'),
  thresholds: z
    .array(z.number().int().min(1).max(1000))
    .min(1, 'expected at least 1 threshold')
    .max(10, 'expected at most 10 thresholds')
    .refine((values) => new Set(values).size === values.length, 'lists a threshold twice')
    .default([50, 80, 100])
    .describe('Percentages of the monthly amount that raise an alert'),
});
export type NewBudget = z.output<typeof newBudget>;

export const budgetView = z.object({
  id: z.uuid(),
  name: z.string(),
  scope: z.object({ kind: z.enum(['all', 'account', 'service', 'tag']), value: z.string() }),
  monthlyAmount: z.string(),
  currency: z.string(),
  metric: z.enum(['billed', 'effective']),
  thresholds: z.array(z.number().int()),
  month: z.string().describe('The month the spend is for (the current one, UTC)'),
  spent: z.string(),
  percentUsed: z.number(),
  forecast: z
    .object({
      projected: z.string().describe('The month total the forecast expects'),
      lo80: z.string(),
      hi80: z.string(),
      overrunDate: z.iso
        .date()
        .nullable()
        .describe('The day spend is expected to reach the amount; null if not this month'),
    })
    .nullable()
    .describe("The month's cost forecast for the budget's scope; null until the oracle sends one"),
  createdAt: z.iso.datetime(),
});
export type BudgetView = z.infer<typeof budgetView>;
export const budgetList = z.object({ items: z.array(budgetView) });

export const budgetAlertView = z.object({
  id: z.uuid(),
  budgetId: z.uuid(),
  month: z.string(),
  threshold: z.number().int(),
  basis: z.enum(['actual', 'forecast']),
  spent: z.string(),
  amount: z.string(),
  raisedAt: z.iso.datetime(),
});
export type BudgetAlertView = z.infer<typeof budgetAlertView>;
export const budgetAlertList = z.object({ items: z.array(budgetAlertView) });

export function toBudgetView(
  budget: Budget,
  month: string,
  spent: number,
  forecast: BudgetForecast | null,
): BudgetView {
  const amount = Number(budget.monthlyAmount);
  return {
    id: budget.id,
    name: budget.name,
    scope: { kind: budget.scopeKind, value: budget.scopeValue },
    monthlyAmount: amount.toFixed(2),
    currency: budget.currency,
    metric: budget.metric,
    thresholds: budget.thresholds,
    month,
    spent: spent.toFixed(2),
    percentUsed: amount > 0 ? Math.round((spent / amount) * 1000) / 10 : 0,
    forecast: forecast && {
      projected: forecast.projected.toFixed(2),
      lo80: forecast.lo80.toFixed(2),
      hi80: forecast.hi80.toFixed(2),
      overrunDate: forecast.overrunDate,
    },
    createdAt: budget.createdAt.toISOString(),
  };
}

export function toBudgetAlertView(alert: BudgetAlert): BudgetAlertView {
  return {
    id: alert.id,
    budgetId: alert.budgetId,
    month: alert.month,
    threshold: alert.threshold,
    basis: alert.basis,
    spent: Number(alert.spent).toFixed(2),
    amount: Number(alert.amount).toFixed(2),
    raisedAt: alert.raisedAt.toISOString(),
  };
}
