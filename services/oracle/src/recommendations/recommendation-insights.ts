import { randomUUID } from 'node:crypto';

import type { JsonObject } from '@bufbuild/protobuf';
import { create } from '@bufbuild/protobuf';
import { timestampFromDate } from '@bufbuild/protobuf/wkt';
import { InsightGeneratedSchema, InsightKind, InsightSeverity } from '@codex/contracts';
import { Outbox } from '@codex/messaging';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

import type { MeasuredSaving } from './measure-saving';
import type { FoundRecommendation } from './recommendation';

/** Announces a new recommendation, and later what it saved, as `insight.generated`. */
@Injectable()
export class RecommendationInsights {
  constructor(private readonly outbox: Outbox) {}

  async recommended(
    manager: EntityManager,
    tenantId: string,
    id: string,
    found: FoundRecommendation,
  ): Promise<void> {
    await this.publish(manager, tenantId, found.resourceUrn, {
      insightId: id,
      severity: severityOf(found.monthlySaving),
      title: found.title,
      summary: `${found.title}: saves about ${found.monthlySaving.toFixed(2)} ${found.currency} a month (risk ${found.risk.level}: ${found.risk.reason}; effort ${found.effort})`,
      details: {
        type: 'recommendation',
        recommendationId: id,
        kind: found.kind,
        saving: { monthly: found.monthlySaving, currency: found.currency },
        risk: found.risk,
        effort: found.effort,
        action: found.action as JsonObject | null,
        evidence: found.evidence as JsonObject,
      },
    });
  }

  async realised(
    manager: EntityManager,
    tenantId: string,
    recommendation: { id: string; resourceUrn: string; title: string; currency: string },
    saving: MeasuredSaving,
  ): Promise<void> {
    await this.publish(manager, tenantId, recommendation.resourceUrn, {
      insightId: randomUUID(),
      severity: severityOf(saving.realisedMonthlySaving),
      title: `Realised: ${recommendation.title}`,
      summary: `${recommendation.title}: the bills show ${saving.realisedMonthlySaving.toFixed(2)} ${recommendation.currency} a month saved (${saving.daysBefore} days before, ${saving.daysAfter} after)`,
      details: {
        type: 'realised_saving',
        recommendationId: recommendation.id,
        currency: recommendation.currency,
        ...saving,
      },
    });
  }

  private async publish(
    manager: EntityManager,
    tenantId: string,
    subjectUrn: string,
    insight: {
      insightId: string;
      severity: InsightSeverity;
      title: string;
      summary: string;
      details: JsonObject;
    },
  ): Promise<void> {
    await this.outbox.add(manager, 'insight.generated', [
      {
        payload: create(InsightGeneratedSchema, {
          ...insight,
          tenantId,
          kind: InsightKind.RECOMMENDATION,
          subjectUrn,
          producedBy: 'oracle',
          generatedAt: timestampFromDate(new Date()),
        }),
        metadata: { key: subjectUrn, tenantId },
      },
    ]);
  }
}

function severityOf(monthly: number): InsightSeverity {
  if (monthly >= 1000) return InsightSeverity.HIGH;
  if (monthly >= 100) return InsightSeverity.MEDIUM;
  return InsightSeverity.LOW;
}
