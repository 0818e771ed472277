import { Column, Entity, PrimaryColumn } from 'typeorm';

export const SENSITIVITIES = ['low', 'medium', 'high'] as const;
export type Sensitivity = (typeof SENSITIVITIES)[number];

/** A tenant's choices for anomaly detection; a tenant without a row gets the defaults. */
@Entity({ name: 'anomaly_settings' })
export class AnomalySettings {
  @PrimaryColumn('varchar', {
    name: 'tenant_id',
    length: 64,
    primaryKeyConstraintName: 'pk_anomaly_settings',
  })
  tenantId!: string;

  @Column('varchar', { length: 16 })
  sensitivity!: Sensitivity;

  /** A cost anomaly smaller than this (per day, in the billing currency) is not reported. */
  @Column('numeric', { name: 'min_daily_impact' })
  minDailyImpact!: string;

  @Column('timestamptz', { name: 'updated_at' })
  updatedAt!: Date;
}
