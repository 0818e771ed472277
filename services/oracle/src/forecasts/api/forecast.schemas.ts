import { z } from 'zod';

const scopeKind = z.enum(['all', 'account', 'service']);
const metric = z.enum(['billed', 'effective']).default('billed');

export const forecastListQuery = z.object({ kind: scopeKind.optional(), metric }).strict();
export type ForecastListQuery = z.output<typeof forecastListQuery>;

export const forecastQuery = z
  .object({
    kind: scopeKind,
    value: z
      .string()
      .trim()
      .min(1)
      .max(512)
      .optional()
      .describe('The account id or service name; none for all'),
    metric,
    currency: z
      .string()
      .regex(/^[A-Z]{3}$/, 'expected an ISO 4217 code such as USD')
      .default('USD'),
    horizon: z.coerce.number().int().min(1).max(90).default(30).describe('Days ahead to show'),
    history: z.coerce
      .number()
      .int()
      .min(0)
      .max(180)
      .default(60)
      .describe('Days of actual cost to show before it'),
  })
  .strict()
  .refine((query) => (query.kind === 'all') === (query.value === undefined), {
    message: 'expected a value for an account or service scope, and none for all',
    path: ['value'],
  });
export type ForecastQuery = z.output<typeof forecastQuery>;

const point = z.object({
  date: z.string(),
  mean: z.number(),
  lo80: z.number(),
  hi80: z.number(),
  lo95: z.number(),
  hi95: z.number(),
});

export const forecastView = z.object({
  kind: scopeKind,
  value: z.string().nullable(),
  metric: z.enum(['billed', 'effective']),
  currency: z.string(),
  lastActualDay: z.string(),
  generatedAt: z.string(),
  month: z.object({
    month: z.string(),
    monthToDate: z.number(),
    projected: z.number(),
    lo80: z.number(),
    hi80: z.number(),
  }),
  actual: z.array(z.object({ date: z.string(), cost: z.number() })),
  points: z.array(point),
});
export type ForecastView = z.output<typeof forecastView>;

export const forecastList = z.object({
  items: z.array(forecastView.omit({ points: true, actual: true })),
});
