import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A tenant whose cost changed and waits for analysis (anomalies, forecasts, realised savings). */
@Entity({ name: 'cost_analysis_due' })
export class CostAnalysisDue {
  @PrimaryColumn('varchar', {
    name: 'tenant_id',
    length: 64,
    primaryKeyConstraintName: 'pk_cost_analysis_due',
  })
  tenantId!: string;

  @Column('timestamptz', { name: 'changed_at' })
  changedAt!: Date;
}
