import { z } from 'zod';

const day = z.iso.date('expected a day, YYYY-MM-DD');
const MAX_DAYS = 731;

export const GROUP_BYS = [
  'provider',
  'account',
  'service',
  'region',
  'chargeCategory',
  'resource',
] as const;
const groupBy = z
  .string()
  .refine(
    (value) => (GROUP_BYS as readonly string[]).includes(value) || /^tag:[^\s]{1,256}$/.test(value),
    `expected one of ${GROUP_BYS.join(', ')}, or tag:<key>`,
  )
  .describe('provider, account, service, region, chargeCategory, resource, or tag:<key>');

const range = {
  from: day.describe('First day, included (UTC)'),
  to: day.describe('Last day, excluded (UTC)'),
};

const filters = {
  provider: z.enum(['aws', 'azure', 'gcp']).optional(),
  account: z
    .string()
    .min(1)
    .max(128)
    .optional()
    .describe("The provider's account, subscription or project id"),
  service: z.string().min(1).max(128).optional(),
};

function checkRange(
  query: { from: string; to: string },
  context: z.RefinementCtx,
  prefix = '',
): void {
  const days = (Date.parse(query.to) - Date.parse(query.from)) / 86_400_000;
  if (days <= 0)
    context.addIssue({
      code: 'custom',
      path: [`${prefix}to`],
      message: 'expected a day after from',
    });
  if (days > MAX_DAYS) {
    context.addIssue({
      code: 'custom',
      path: [`${prefix}to`],
      message: `expected at most ${MAX_DAYS} days`,
    });
  }
}

export const costTotalsQuery = z
  .strictObject({ ...range, ...filters, groupBy: groupBy.default('provider') })
  .superRefine((query, context) => checkRange(query, context));
export type CostTotalsQuery = z.output<typeof costTotalsQuery>;

export const costSeriesQuery = z
  .strictObject({
    ...range,
    ...filters,
    groupBy: groupBy.default('service'),
    granularity: z.enum(['day', 'month']).default('day'),
    metric: z.enum(['billed', 'effective']).default('effective'),
    limit: z.coerce
      .number()
      .int()
      .min(1)
      .max(50)
      .default(10)
      .describe('Groups shown; the rest are summed as (other)'),
  })
  .superRefine((query, context) => checkRange(query, context));
export type CostSeriesQuery = z.output<typeof costSeriesQuery>;

export const costMoversQuery = z
  .strictObject({
    ...range,
    previousFrom: day,
    previousTo: day,
    ...filters,
    groupBy: groupBy.default('service'),
    metric: z.enum(['billed', 'effective']).default('effective'),
    limit: z.coerce.number().int().min(1).max(100).default(10),
  })
  .superRefine((query, context) => {
    checkRange(query, context);
    checkRange({ from: query.previousFrom, to: query.previousTo }, context, 'previous');
  });
export type CostMoversQuery = z.output<typeof costMoversQuery>;

export const costResourcesQuery = z
  .strictObject({
    ...range,
    ...filters,
    allocation: z.enum(['all', 'allocated', 'unallocated']).default('all'),
    limit: z.coerce.number().int().min(1).max(500).default(100),
  })
  .superRefine((query, context) => checkRange(query, context));
export type CostResourcesQuery = z.output<typeof costResourcesQuery>;

export const costExportQuery = z
  .strictObject({ ...range, ...filters })
  .superRefine((query, context) => checkRange(query, context));
export type CostExportQuery = z.output<typeof costExportQuery>;

const money = z.string().describe('Decimal, rounded to the cent');

export const costGroup = z.object({
  key: z.string(),
  label: z.string(),
  currency: z.string(),
  billed: money,
  effective: money,
  list: money,
});
export const costTotals = z.object({
  from: z.string(),
  to: z.string(),
  groupBy: z.string(),
  groups: z.array(costGroup),
  totals: z.array(costGroup.omit({ key: true, label: true })),
});
export type CostTotals = z.infer<typeof costTotals>;

export const costSeries = z.object({
  from: z.string(),
  to: z.string(),
  groupBy: z.string(),
  granularity: z.string(),
  metric: z.string(),
  periods: z.array(z.string()),
  series: z.array(
    z.object({ key: z.string(), label: z.string(), currency: z.string(), points: z.array(money) }),
  ),
});
export type CostSeries = z.infer<typeof costSeries>;

export const costMovers = z.object({
  groupBy: z.string(),
  metric: z.string(),
  movers: z.array(
    z.object({
      key: z.string(),
      label: z.string(),
      currency: z.string(),
      current: money,
      previous: money,
      change: money,
      changePercent: z.number().nullable(),
    }),
  ),
});
export type CostMovers = z.infer<typeof costMovers>;

export const resourceCost = z.object({
  resourceId: z.string().describe("The provider's id; empty for cost that names no resource"),
  resourceUrn: z.string().nullable(),
  name: z.string().nullable(),
  provider: z.string(),
  account: z.string(),
  service: z.string(),
  currency: z.string(),
  billed: money,
  effective: money,
  allocated: z.boolean().describe('Whether the inventory holds the resource'),
});
export const resourceCosts = z.object({
  items: z.array(resourceCost),
  unallocated: z.array(costGroup.omit({ key: true, label: true })),
});
export type ResourceCosts = z.infer<typeof resourceCosts>;
