import { Column, Entity, PrimaryColumn } from 'typeorm';

import type { BudgetScopeKind } from './budget.entity';

/** One point of a forecast: a day's expected cost and its 80 % and 95 % bands. */
export interface ForecastPoint {
  date: string;
  mean: number;
  lo80: number;
  hi80: number;
  lo95: number;
  hi95: number;
}

/** The latest month projection of a cost scope, from the oracle's `cost_forecast` insights. */
@Entity({ name: 'cost_forecasts' })
export class CostForecast {
  @PrimaryColumn('varchar', {
    name: 'tenant_id',
    length: 64,
    primaryKeyConstraintName: 'pk_cost_forecasts',
  })
  tenantId!: string;

  @PrimaryColumn('varchar', {
    name: 'scope_kind',
    length: 16,
    primaryKeyConstraintName: 'pk_cost_forecasts',
  })
  scopeKind!: BudgetScopeKind;

  /** As a budget's scope value: an account id, a service name, `key=value`; '' for all. */
  @PrimaryColumn('varchar', {
    name: 'scope_value',
    length: 512,
    primaryKeyConstraintName: 'pk_cost_forecasts',
  })
  scopeValue!: string;

  @PrimaryColumn('varchar', { length: 7, primaryKeyConstraintName: 'pk_cost_forecasts' })
  month!: string;

  @PrimaryColumn('varchar', { length: 16, primaryKeyConstraintName: 'pk_cost_forecasts' })
  metric!: 'billed' | 'effective';

  @Column('char', { length: 3 })
  currency!: string;

  @Column('numeric', { name: 'month_to_date' })
  monthToDate!: string;

  @Column('numeric')
  projected!: string;

  @Column('numeric', { name: 'projected_lo80' })
  projectedLo80!: string;

  @Column('numeric', { name: 'projected_hi80' })
  projectedHi80!: string;

  @Column('jsonb')
  points!: ForecastPoint[];

  @Column('varchar', { name: 'insight_id', length: 128 })
  insightId!: string;

  @Column('timestamptz', { name: 'generated_at' })
  generatedAt!: Date;
}
