import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

export type AnomalySource = 'cost' | 'metric';
export type AnomalyDirection = 'increase' | 'decrease';

/** One anomaly episode of a series: consecutive anomalous points, with what explains them. */
@Entity({ name: 'anomalies' })
@Index('ix_anomalies_tenant', ['tenantId', 'startedAt'])
@Index('ux_anomalies_episode', ['tenantId', 'seriesKey', 'startedAt'], { unique: true })
export class Anomaly {
  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'pk_anomalies' })
  id!: string;

  @Column('varchar', { name: 'tenant_id', length: 64 })
  tenantId!: string;

  @Column('varchar', { length: 16 })
  source!: AnomalySource;

  /** `cost:<provider>:<account>:<service>` or `metric:<urn>:<metric>`. */
  @Column('varchar', { name: 'series_key', length: 1024 })
  seriesKey!: string;

  @Column('varchar', { name: 'subject_urn', length: 1024 })
  subjectUrn!: string;

  @Column('varchar', { length: 16 })
  direction!: AnomalyDirection;

  @Column('timestamptz', { name: 'started_at' })
  startedAt!: Date;

  @Column('timestamptz', { name: 'ended_at' })
  endedAt!: Date;

  @Column('double precision')
  score!: number;

  @Column('double precision')
  actual!: number;

  @Column('double precision')
  expected!: number;

  /** Cost over expectation across the episode (negative for a drop); null for metrics. */
  @Column('numeric', { nullable: true })
  impact!: string | null;

  @Column('char', { length: 3, nullable: true })
  currency!: string | null;

  @Column('jsonb')
  details!: Record<string, unknown>;

  @Column('timestamptz', { name: 'detected_at' })
  detectedAt!: Date;
}
