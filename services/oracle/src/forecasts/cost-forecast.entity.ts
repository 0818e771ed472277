import { Column, Entity, PrimaryColumn } from 'typeorm';

export interface ForecastPoint {
  date: string;
  mean: number;
  lo80: number;
  hi80: number;
  lo95: number;
  hi95: number;
}

/** The latest forecast of one cost scope's daily cost (`all`, an account, a service), billed or effective. */
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
  scopeKind!: string;

  @PrimaryColumn('varchar', {
    name: 'scope_value',
    length: 512,
    primaryKeyConstraintName: 'pk_cost_forecasts',
  })
  scopeValue!: string;

  @PrimaryColumn('char', { length: 3, primaryKeyConstraintName: 'pk_cost_forecasts' })
  currency!: string;

  @PrimaryColumn('varchar', { length: 16, primaryKeyConstraintName: 'pk_cost_forecasts' })
  metric!: 'billed' | 'effective';

  /** The last day of actual cost the forecast starts after. */
  @Column('date', { name: 'last_actual_day' })
  lastActualDay!: string;

  @Column('jsonb')
  points!: ForecastPoint[];

  @Column('jsonb')
  method!: Record<string, unknown>;

  @Column('timestamptz', { name: 'generated_at' })
  generatedAt!: Date;
}
