import { instant, keyedCursorParam, limitParam } from '@codex/platform';
import { z } from 'zod';

import {
  type Insight,
  INSIGHT_KINDS,
  INSIGHT_SEVERITIES,
  INSIGHT_STATUSES,
} from '../insight.entity';

/** An insight id as producers make them (a UUID, or another id of these characters). */
export const insightId = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/);

export const insightListQuery = z.strictObject({
  kind: z.enum(INSIGHT_KINDS).optional(),
  severity: z.enum(INSIGHT_SEVERITIES).optional(),
  subject: z
    .string()
    .min(1)
    .max(512)
    .optional()
    .describe('The URN the insights are about, exactly, e.g. codex:cost-scope:service:Amazon EC2'),
  type: z
    .string()
    .regex(/^[a-z][a-z0-9_]{0,63}$/, 'expected a details type such as cost_forecast')
    .optional()
    .describe('details.type, e.g. cost_forecast, cost_anomaly, budget_alert'),
  status: z.enum(INSIGHT_STATUSES).optional(),
  since: instant.optional().describe('Only insights generated at or after this time'),
  limit: limitParam,
  cursor: keyedCursorParam(insightId),
});
export type InsightListQuery = z.output<typeof insightListQuery>;

export const dismissal = z.strictObject({
  reason: z
    .string({ error: 'is required' })
    .trim()
    .min(1, 'expected a reason')
    .max(500, 'expected at most 500 characters'),
});
export type Dismissal = z.output<typeof dismissal>;

export const insightView = z.object({
  id: z.string(),
  kind: z.enum(INSIGHT_KINDS),
  severity: z.enum(INSIGHT_SEVERITIES),
  subjectUrn: z.string(),
  type: z.string().describe("details.type; '' when the producer named none"),
  title: z.string(),
  summary: z.string(),
  details: z.record(z.string(), z.unknown()),
  producedBy: z.string(),
  generatedAt: z.iso.datetime(),
  validUntil: z.iso.datetime().nullable(),
  status: z.enum(INSIGHT_STATUSES),
  statusReason: z.string().nullable(),
  statusChangedBy: z.string().nullable(),
  statusChangedAt: z.iso.datetime().nullable(),
  supersededBy: z.string().nullable().describe('The insight that replaced this one'),
  receivedAt: z.iso.datetime(),
});
export type InsightView = z.infer<typeof insightView>;

export const insightPage = z.object({
  items: z.array(insightView),
  nextCursor: z.string().nullable().describe('Pass as cursor for the next page; null on the last'),
});

export function toInsightView(insight: Insight): InsightView {
  return {
    id: insight.id,
    kind: insight.kind,
    severity: insight.severity,
    subjectUrn: insight.subjectUrn,
    type: insight.type,
    title: insight.title,
    summary: insight.summary,
    details: insight.details,
    producedBy: insight.producedBy,
    generatedAt: insight.generatedAt.toISOString(),
    validUntil: insight.validUntil?.toISOString() ?? null,
    status: insight.status,
    statusReason: insight.statusReason,
    statusChangedBy: insight.statusChangedBy,
    statusChangedAt: insight.statusChangedAt?.toISOString() ?? null,
    supersededBy: insight.supersededBy,
    receivedAt: insight.receivedAt.toISOString(),
  };
}
