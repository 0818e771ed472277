import type { EntityManager } from 'typeorm';

import type { Insight } from '../../insights/insight.entity';
import type { InsightFollower } from '../../insights/insight-follower';
import { Budget, type BudgetAlert } from './budget.entity';
import type { BudgetAlerts } from './budget-alerts';
import { crossedThresholds } from './budget-spend';
import { CostForecast } from './cost-forecast.entity';
import {
  type CostForecastDetails,
  overrunDate,
  parseCostForecastDetails,
} from './cost-forecast-details';

/** A budget's month as forecast: the projected total, its 80 % band, the day it runs over. */
export interface BudgetForecast {
  projected: number;
  lo80: number;
  hi80: number;
  overrunDate: string | null;
  metric: 'billed' | 'effective';
  insightId: string;
}

/**
 * Budgets alert on forecast: a `cost_forecast` insight replaces its scope's month projection
 * (unless a newer one is stored), and each budget of that scope and currency raises one alert
 * per threshold the projected month total reaches, basis forecast.
 */
export class BudgetForecasts implements InsightFollower {
  constructor(private readonly alerts: BudgetAlerts) {}

  async follow(manager: EntityManager, insight: Insight): Promise<void> {
    if (insight.kind !== 'forecast' || insight.type !== 'cost_forecast') return;
    const details = parseCostForecastDetails(insight.id, insight.details);
    if (!(await this.record(manager, insight, details))) return;
    const budgets = await manager.getRepository(Budget).findBy({
      tenantId: insight.tenantId,
      scopeKind: details.scope.kind,
      scopeValue: details.scope.value ?? '',
      currency: details.currency,
    });
    for (const budget of budgets) await this.evaluate(manager, budget, details.month);
  }

  /** The alerts the month's forecast raises for the budget now (none twice). */
  async evaluate(manager: EntityManager, budget: Budget, month: string): Promise<BudgetAlert[]> {
    const forecast = await this.forecastOf(manager, budget, month);
    if (!forecast) return [];
    const raised: BudgetAlert[] = [];
    for (const threshold of crossedThresholds(budget, forecast.projected)) {
      const alert = await this.alerts.raise(manager, budget, month, threshold, {
        basis: 'forecast',
        projected: forecast.projected,
        lo80: forecast.lo80,
        hi80: forecast.hi80,
        overrunDate: forecast.overrunDate,
        metric: forecast.metric,
        forecastInsightId: forecast.insightId,
      });
      if (alert) raised.push(alert);
    }
    return raised;
  }

  /**
   * The budget's scope and currency as forecast for the month: of its own metric when there is
   * such a forecast, else of the other (the oracle forecasts billed cost).
   */
  async forecastOf(
    manager: EntityManager,
    budget: Budget,
    month: string,
  ): Promise<BudgetForecast | null> {
    const forecasts = await manager.getRepository(CostForecast).findBy({
      tenantId: budget.tenantId,
      scopeKind: budget.scopeKind,
      scopeValue: budget.scopeValue,
      month,
      currency: budget.currency,
    });
    const forecast =
      forecasts.find((candidate) => candidate.metric === budget.metric) ?? forecasts[0];
    if (!forecast) return null;
    return {
      projected: Number(forecast.projected),
      lo80: Number(forecast.projectedLo80),
      hi80: Number(forecast.projectedHi80),
      overrunDate: overrunDate(
        { month, monthToDate: Number(forecast.monthToDate), points: forecast.points },
        Number(budget.monthlyAmount),
      ),
      metric: forecast.metric,
      insightId: forecast.insightId,
    };
  }

  /** Whether the forecast is now the scope's month projection (false: a newer one is stored). */
  private async record(
    manager: EntityManager,
    insight: Insight,
    details: CostForecastDetails,
  ): Promise<boolean> {
    const stored = await manager.query<unknown[]>(
      `INSERT INTO cost_forecasts (tenant_id, scope_kind, scope_value, month, metric, currency, month_to_date,
                                   projected, projected_lo80, projected_hi80, points, insight_id, generated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
       ON CONFLICT ON CONSTRAINT pk_cost_forecasts DO UPDATE SET
         currency = EXCLUDED.currency, month_to_date = EXCLUDED.month_to_date,
         projected = EXCLUDED.projected, projected_lo80 = EXCLUDED.projected_lo80,
         projected_hi80 = EXCLUDED.projected_hi80, points = EXCLUDED.points,
         insight_id = EXCLUDED.insight_id, generated_at = EXCLUDED.generated_at
       WHERE EXCLUDED.generated_at >= cost_forecasts.generated_at
       RETURNING insight_id`,
      [
        insight.tenantId,
        details.scope.kind,
        details.scope.value ?? '',
        details.month,
        details.metric,
        details.currency,
        details.monthToDate,
        details.projectedMonthTotal,
        details.projectedLo80,
        details.projectedHi80,
        JSON.stringify(details.points),
        insight.id,
        insight.generatedAt,
      ],
    );
    return stored.length > 0;
  }
}
