import { cursorParam, instant, limitParam } from '@codex/platform';
import { z } from 'zod';

import { SENSITIVITIES } from '../anomaly-settings.entity';

export const anomalyListQuery = z
  .object({
    source: z.enum(['cost', 'metric']).optional(),
    subject: z
      .string()
      .trim()
      .min(1)
      .max(1024)
      .optional()
      .describe('Only anomalies of this resource URN'),
    direction: z.enum(['increase', 'decrease']).optional(),
    since: instant.optional().describe('Only anomalies that started at or after this instant'),
    limit: limitParam,
    cursor: cursorParam,
  })
  .strict();
export type AnomalyListQuery = z.output<typeof anomalyListQuery>;

export const anomalyView = z.object({
  id: z.uuid(),
  source: z.enum(['cost', 'metric']),
  seriesKey: z.string(),
  subjectUrn: z.string(),
  direction: z.enum(['increase', 'decrease']),
  startedAt: z.string(),
  endedAt: z.string(),
  score: z.number(),
  actual: z.number(),
  expected: z.number(),
  impact: z.number().nullable(),
  currency: z.string().nullable(),
  details: z.record(z.string(), z.unknown()),
  detectedAt: z.string(),
});
export type AnomalyView = z.output<typeof anomalyView>;

export const anomalyList = z.object({
  items: z.array(anomalyView),
  nextCursor: z.string().nullable(),
});

export const anomalySettingsBody = z
  .object({
    sensitivity: z
      .enum(SENSITIVITIES)
      .describe('low reports only the clearest anomalies, high the most'),
    minDailyImpact: z
      .number()
      .min(0)
      .max(1_000_000)
      .describe('A cost change smaller than this per day (billing currency) is not reported'),
  })
  .strict();
export type AnomalySettingsBody = z.output<typeof anomalySettingsBody>;
