import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

import type { Sensitivity } from './anomaly-settings.entity';

export interface EffectiveSettings {
  sensitivity: Sensitivity;
  minDailyImpact: number;
}

export const DEFAULT_SETTINGS: EffectiveSettings = { sensitivity: 'medium', minDailyImpact: 0.5 };

/** Score at or above which a metric sample is anomalous, per sensitivity (medium: the NAB standard profile's best threshold). */
const METRIC_THRESHOLDS: Record<Sensitivity, number> = { low: 0.86, medium: 0.78, high: 0.69 };

/** Robust z-score at or above which a day's cost is anomalous, per sensitivity. */
const COST_Z: Record<Sensitivity, number> = { low: 6, medium: 4.5, high: 3.5 };

/** Each tenant's anomaly settings, or the defaults. */
@Injectable()
export class AnomalySettingsStore {
  async get(manager: EntityManager, tenantId: string): Promise<EffectiveSettings> {
    const rows = await manager.query<{ sensitivity: Sensitivity; min_daily_impact: string }[]>(
      `SELECT sensitivity, min_daily_impact FROM anomaly_settings WHERE tenant_id = $1`,
      [tenantId],
    );
    const row = rows[0];
    return row
      ? { sensitivity: row.sensitivity, minDailyImpact: Number(row.min_daily_impact) }
      : DEFAULT_SETTINGS;
  }

  async put(manager: EntityManager, tenantId: string, settings: EffectiveSettings): Promise<void> {
    await manager.query(
      `INSERT INTO anomaly_settings (tenant_id, sensitivity, min_daily_impact, updated_at) VALUES ($1, $2, $3, now())
       ON CONFLICT ON CONSTRAINT pk_anomaly_settings DO UPDATE SET sensitivity = EXCLUDED.sensitivity,
         min_daily_impact = EXCLUDED.min_daily_impact, updated_at = EXCLUDED.updated_at`,
      [tenantId, settings.sensitivity, settings.minDailyImpact],
    );
  }

  async metricThreshold(manager: EntityManager, tenantId: string): Promise<number> {
    return METRIC_THRESHOLDS[(await this.get(manager, tenantId)).sensitivity];
  }

  static costZ(sensitivity: Sensitivity): number {
    return COST_Z[sensitivity];
  }
}
