import { z } from 'zod';

import { SUBJECT_KINDS } from './context/analysis-context-source';

export const analysisRequest = z.strictObject({
  subject: z.strictObject({
    kind: z.enum(SUBJECT_KINDS),
    id: z.string().trim().min(1).max(512).describe('An insight id, a resource urn or a cost scope'),
  }),
  question: z.string().trim().min(1).max(2000).optional(),
});
export type AnalysisRequest = z.output<typeof analysisRequest>;

export const budgetRequest = z
  .strictObject({
    monthlyTokenBudget: z
      .number()
      .int()
      .min(1)
      .describe('Tokens a month before the tenant is warned (insight.generated)'),
    monthlyTokenCap: z
      .number()
      .int()
      .min(1)
      .describe('Tokens a month past which calls are refused'),
    monthlyCostCapUsd: z
      .number()
      .min(0)
      .nullable()
      .default(null)
      .describe('USD a month past which calls are refused; null: no cost cap'),
  })
  .refine((budget) => budget.monthlyTokenBudget <= budget.monthlyTokenCap, {
    message: 'monthlyTokenBudget must not exceed monthlyTokenCap',
    path: ['monthlyTokenBudget'],
  });
export type BudgetRequest = z.output<typeof budgetRequest>;
