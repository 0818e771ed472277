import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

import { CostForecast } from '../cost-forecast.entity';
import { monthProjection } from '../month-projection';
import type { ForecastListQuery, ForecastQuery, ForecastView } from './forecast.schemas';

/** Reads forecasts and the actual cost before them, in the caller's tenant scope. */
@Injectable()
export class ForecastReader {
  async list(
    manager: EntityManager,
    query: ForecastListQuery,
  ): Promise<Omit<ForecastView, 'points' | 'actual'>[]> {
    const forecasts = await manager.getRepository(CostForecast).find({
      where: { metric: query.metric, ...(query.kind ? { scopeKind: query.kind } : {}) },
      order: { scopeKind: 'ASC', scopeValue: 'ASC' },
    });
    const views = [];
    for (const forecast of forecasts) {
      const actual = await this.actual(manager, forecast, 62);
      const {
        points: _points,
        actual: _actual,
        ...view
      } = this.view(forecast, actual, forecast.points.length);
      views.push(view);
    }
    return views;
  }

  async get(
    manager: EntityManager,
    tenantId: string,
    query: ForecastQuery,
  ): Promise<ForecastView | undefined> {
    const forecast = await manager.getRepository(CostForecast).findOneBy({
      tenantId,
      scopeKind: query.kind,
      scopeValue: query.value ?? '',
      metric: query.metric,
      currency: query.currency,
    });
    if (!forecast) return undefined;
    const actual = await this.actual(manager, forecast, Math.max(query.history, 31));
    const view = this.view(forecast, actual, query.horizon);
    return { ...view, actual: view.actual.slice(-query.history) };
  }

  private view(
    forecast: CostForecast,
    actual: { date: string; cost: number }[],
    horizon: number,
  ): ForecastView {
    const month = monthProjection(
      actual.map((day) => ({ t: Date.parse(`${day.date}T00:00:00Z`), v: day.cost })),
      forecast.points,
    );
    return {
      kind: forecast.scopeKind as ForecastView['kind'],
      value: forecast.scopeValue || null,
      metric: forecast.metric,
      currency: forecast.currency,
      lastActualDay: forecast.lastActualDay,
      generatedAt: forecast.generatedAt.toISOString(),
      month,
      actual,
      points: forecast.points.slice(0, horizon),
    };
  }

  /** The scope's daily cost for `days` days up to the forecast's last actual day. */
  private async actual(
    manager: EntityManager,
    forecast: CostForecast,
    days: number,
  ): Promise<{ date: string; cost: number }[]> {
    const column = forecast.metric === 'billed' ? 'cost' : 'amortized_cost';
    const filter =
      forecast.scopeKind === 'account'
        ? 'AND account_id = $5'
        : forecast.scopeKind === 'service'
          ? 'AND service = $5'
          : '';
    const rows = await manager.query<{ date: string; cost: number }[]>(
      `SELECT d::date::text AS date, COALESCE(SUM(${column}), 0)::float8 AS cost
         FROM generate_series($2::date - ($3::int - 1), $2::date, interval '1 day') AS d
         LEFT JOIN cost_lines ON cost_lines.day = d::date AND cost_lines.tenant_id = $1 AND cost_lines.currency = $4 ${filter}
        GROUP BY d ORDER BY d`,
      forecast.scopeKind === 'all'
        ? [forecast.tenantId, forecast.lastActualDay, days, forecast.currency]
        : [forecast.tenantId, forecast.lastActualDay, days, forecast.currency, forecast.scopeValue],
    );
    return rows;
  }
}
