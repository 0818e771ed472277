import type { JsonObject } from '@bufbuild/protobuf';
import { create } from '@bufbuild/protobuf';
import { timestampFromDate } from '@bufbuild/protobuf/wkt';
import { InsightGeneratedSchema, InsightKind, InsightSeverity } from '@codex/contracts';
import { Outbox } from '@codex/messaging';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

import type { Anomaly } from './anomaly.entity';

/**
 * Records an anomaly episode once (a tenant, series and start) and announces it as an
 * `insight.generated` in the same transaction; a replay finds the row and announces nothing.
 */
@Injectable()
export class AnomalyInsights {
  constructor(private readonly outbox: Outbox) {}

  async record(
    manager: EntityManager,
    anomaly: Anomaly,
    text: { title: string; summary: string },
  ): Promise<boolean> {
    const inserted = await manager.query<unknown[]>(
      `INSERT INTO anomalies (id, tenant_id, source, series_key, subject_urn, direction, started_at, ended_at,
                              score, actual, expected, impact, currency, details, detected_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)
       ON CONFLICT (tenant_id, series_key, started_at) DO NOTHING RETURNING id`,
      [
        anomaly.id,
        anomaly.tenantId,
        anomaly.source,
        anomaly.seriesKey,
        anomaly.subjectUrn,
        anomaly.direction,
        anomaly.startedAt,
        anomaly.endedAt,
        anomaly.score,
        anomaly.actual,
        anomaly.expected,
        anomaly.impact,
        anomaly.currency,
        JSON.stringify(anomaly.details),
        anomaly.detectedAt,
      ],
    );
    if (inserted.length === 0) return false;
    await this.outbox.add(manager, 'insight.generated', [
      {
        payload: create(InsightGeneratedSchema, {
          insightId: anomaly.id,
          tenantId: anomaly.tenantId,
          kind: InsightKind.ANOMALY,
          severity: severityOf(anomaly),
          subjectUrn: anomaly.subjectUrn,
          title: text.title,
          summary: text.summary,
          details: {
            type: anomaly.source === 'cost' ? 'cost_anomaly' : 'metric_anomaly',
            seriesKey: anomaly.seriesKey,
            direction: anomaly.direction,
            startedAt: anomaly.startedAt.toISOString(),
            endedAt: anomaly.endedAt.toISOString(),
            score: anomaly.score,
            actual: anomaly.actual,
            expected: anomaly.expected,
            impact: anomaly.impact === null ? null : Number(anomaly.impact),
            currency: anomaly.currency,
            ...(anomaly.details as JsonObject),
          },
          producedBy: 'oracle',
          generatedAt: timestampFromDate(anomaly.detectedAt),
        }),
        metadata: { key: anomaly.subjectUrn, tenantId: anomaly.tenantId },
      },
    ]);
    return true;
  }
}

function severityOf(anomaly: Anomaly): InsightSeverity {
  if (anomaly.source === 'metric')
    return anomaly.score >= 0.95 ? InsightSeverity.MEDIUM : InsightSeverity.LOW;
  const impact = Math.abs(Number(anomaly.impact ?? 0));
  if (impact >= 1000) return InsightSeverity.HIGH;
  if (impact >= 100) return InsightSeverity.MEDIUM;
  return InsightSeverity.LOW;
}
