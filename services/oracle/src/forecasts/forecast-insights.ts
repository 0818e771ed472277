import { randomUUID } from 'node:crypto';

import { create } from '@bufbuild/protobuf';
import { timestampFromDate } from '@bufbuild/protobuf/wkt';
import { InsightGeneratedSchema, InsightKind, InsightSeverity } from '@codex/contracts';
import { Outbox } from '@codex/messaging';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

import type { ForecastPoint } from './cost-forecast.entity';
import type { CostScopeSeries } from './cost-scopes';
import type { MonthProjection } from './month-projection';

/** Announces a scope's new forecast as a FORECAST insight, valid until the forecast's horizon. */
@Injectable()
export class ForecastInsights {
  constructor(private readonly outbox: Outbox) {}

  async publish(
    manager: EntityManager,
    tenantId: string,
    scope: CostScopeSeries,
    points: readonly ForecastPoint[],
    month: MonthProjection,
  ): Promise<void> {
    const subjectUrn = `codex:cost-scope:${scope.kind}${scope.value ? `:${scope.value}` : ''}`;
    const name =
      scope.kind === 'all'
        ? 'All cost'
        : `${scope.kind === 'account' ? 'Account' : 'Service'} ${scope.value}`;
    const last = points.at(-1);
    await this.outbox.add(manager, 'insight.generated', [
      {
        payload: create(InsightGeneratedSchema, {
          insightId: randomUUID(),
          tenantId,
          kind: InsightKind.FORECAST,
          severity: InsightSeverity.INFO,
          subjectUrn,
          title: `${name} (${scope.metric}): ${month.projected.toFixed(2)} ${scope.currency} expected in ${month.month}`,
          summary: `${month.monthToDate.toFixed(2)} ${scope.currency} so far in ${month.month}; ${month.projected.toFixed(2)} expected by its end (80 %: ${month.lo80.toFixed(2)}–${month.hi80.toFixed(2)}).`,
          details: {
            type: 'cost_forecast',
            dedupeKey: `${subjectUrn}:${scope.currency}:${scope.metric}`,
            scope: { kind: scope.kind, value: scope.value || null },
            currency: scope.currency,
            metric: scope.metric,
            month: month.month,
            monthToDate: month.monthToDate,
            projectedMonthTotal: month.projected,
            projectedLo80: month.lo80,
            projectedHi80: month.hi80,
            horizonDays: points.length,
            points: points.map((point) => ({ ...point })),
          },
          producedBy: 'oracle',
          generatedAt: timestampFromDate(new Date()),
          ...(last ? { validUntil: timestampFromDate(new Date(`${last.date}T23:59:59Z`)) } : {}),
        }),
        metadata: { key: subjectUrn, tenantId },
      },
    ]);
  }
}
