import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

import type { ServiceConfig } from '../config';
import { SERVICE_CONFIG } from '../service-config.token';
import type { ForecastPoint as StoredPoint } from './cost-forecast.entity';
import { costScopes, type CostScopeSeries, type ScopedLine } from './cost-scopes';
import { forecastDaily } from './daily-forecaster';
import { ForecastInsights } from './forecast-insights';
import { monthProjection } from './month-projection';

/** Fewer days than this and a scope is not forecast. */
const MIN_DAYS = 14;

/**
 * Forecasts every cost scope of a tenant after its cost changed, keeps the latest forecast per
 * scope, and announces each as a FORECAST insight (aetherium's budgets alert on it).
 */
@Injectable()
export class CostForecasts {
  constructor(
    @Inject(SERVICE_CONFIG) private readonly config: ServiceConfig,
    private readonly insights: ForecastInsights,
  ) {}

  async refresh(
    manager: EntityManager,
    tenantId: string,
    lines: readonly ScopedLine[],
  ): Promise<number> {
    let forecast = 0;
    for (const scope of costScopes(lines)) {
      if (scope.points.length < MIN_DAYS) continue;
      const points = toStored(forecastDaily(scope.points, this.config.forecastHorizonDays));
      const lastActualDay = new Date(scope.points.at(-1)!.t).toISOString().slice(0, 10);
      await this.store(manager, tenantId, scope, lastActualDay, points);
      await this.insights.publish(
        manager,
        tenantId,
        scope,
        points,
        monthProjection(scope.points, points),
      );
      forecast += 1;
    }
    return forecast;
  }

  private async store(
    manager: EntityManager,
    tenantId: string,
    scope: CostScopeSeries,
    lastActualDay: string,
    points: StoredPoint[],
  ): Promise<void> {
    await manager.query(
      `INSERT INTO cost_forecasts (tenant_id, scope_kind, scope_value, currency, metric, last_actual_day, points, method, generated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, now())
       ON CONFLICT ON CONSTRAINT pk_cost_forecasts DO UPDATE SET last_actual_day = EXCLUDED.last_actual_day,
         points = EXCLUDED.points, method = EXCLUDED.method, generated_at = EXCLUDED.generated_at`,
      [
        tenantId,
        scope.kind,
        scope.value,
        scope.currency,
        scope.metric,
        lastActualDay,
        JSON.stringify(points),
        JSON.stringify({ horizonDays: points.length, history: scope.points.length }),
      ],
    );
  }
}

function toStored(
  points: readonly {
    t: number;
    mean: number;
    lo80: number;
    hi80: number;
    lo95: number;
    hi95: number;
  }[],
): StoredPoint[] {
  const round = (value: number) => Math.round(value * 100) / 100;
  return points.map((point) => ({
    date: new Date(point.t).toISOString().slice(0, 10),
    mean: round(point.mean),
    lo80: round(point.lo80),
    hi80: round(point.hi80),
    lo95: round(point.lo95),
    hi95: round(point.hi95),
  }));
}
