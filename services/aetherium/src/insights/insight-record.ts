import { timestampDate } from '@bufbuild/protobuf/wkt';
import { InsightKind, InsightSeverity } from '@codex/contracts';
import type { DeliveredEvent } from '@codex/messaging';

import type { Insight, InsightKindName, InsightSeverityName } from './insight.entity';

/** An insight as received, before the store decides whether it is open or superseded. */
export type InsightRecord = Omit<
  Insight,
  'status' | 'statusReason' | 'statusChangedBy' | 'statusChangedAt' | 'supersededBy'
>;

const KINDS: Record<InsightKind, InsightKindName | undefined> = {
  [InsightKind.UNSPECIFIED]: undefined,
  [InsightKind.FORECAST]: 'forecast',
  [InsightKind.ANOMALY]: 'anomaly',
  [InsightKind.RECOMMENDATION]: 'recommendation',
  [InsightKind.ANALYSIS]: 'analysis',
};

const SEVERITIES: Record<InsightSeverity, InsightSeverityName> = {
  [InsightSeverity.UNSPECIFIED]: 'info',
  [InsightSeverity.INFO]: 'info',
  [InsightSeverity.LOW]: 'low',
  [InsightSeverity.MEDIUM]: 'medium',
  [InsightSeverity.HIGH]: 'high',
  [InsightSeverity.CRITICAL]: 'critical',
};

const LIMITS = { id: 128, subjectUrn: 512, type: 64, dedupeKey: 256, producedBy: 256 };

/** The row of an `insight.generated` event, or an error saying why it cannot be one. */
export function toInsightRecord(
  event: DeliveredEvent<'insight.generated'>,
  receivedAt: Date,
): InsightRecord {
  const { payload } = event;
  const kind = KINDS[payload.kind];
  if (!kind) throw new Error(`insight ${payload.insightId} has no known kind (${payload.kind})`);
  const details = payload.details ?? {};
  const record: InsightRecord = {
    tenantId: payload.tenantId,
    id: payload.insightId,
    kind,
    severity: SEVERITIES[payload.severity] ?? 'info',
    subjectUrn: payload.subjectUrn,
    type: typeof details.type === 'string' ? details.type : '',
    dedupeKey: typeof details.dedupeKey === 'string' ? details.dedupeKey : '',
    title: payload.title,
    summary: payload.summary,
    details,
    producedBy: payload.producedBy,
    generatedAt: payload.generatedAt
      ? timestampDate(payload.generatedAt)
      : new Date(event.envelope.time),
    validUntil: payload.validUntil ? timestampDate(payload.validUntil) : null,
    receivedAt,
  };
  for (const [field, limit] of Object.entries(LIMITS)) {
    const length = String(record[field as keyof typeof LIMITS]).length;
    if (length > limit) {
      throw new Error(
        `insight ${payload.insightId}: ${field} is ${length} characters, at most ${limit}`,
      );
    }
  }
  return record;
}
