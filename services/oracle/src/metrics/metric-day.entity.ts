import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * One UTC day of a resource's metric: its samples as two arrays in time order (milliseconds
 * since the day's start, values), appended as they are scored. One row a series and day instead
 * of one a sample keeps writing cheap; kept METRIC_RETENTION_DAYS for utilisation (the days
 * index serves the retention sweep).
 */
@Entity({ name: 'metric_days' })
@Index('ix_metric_days_day', ['day'])
export class MetricDay {
  @PrimaryColumn('varchar', {
    name: 'tenant_id',
    length: 64,
    primaryKeyConstraintName: 'pk_metric_days',
  })
  tenantId!: string;

  @PrimaryColumn('varchar', {
    name: 'resource_urn',
    length: 512,
    primaryKeyConstraintName: 'pk_metric_days',
  })
  resourceUrn!: string;

  @PrimaryColumn('varchar', { length: 64, primaryKeyConstraintName: 'pk_metric_days' })
  metric!: string;

  @PrimaryColumn('date', { primaryKeyConstraintName: 'pk_metric_days' })
  day!: string;

  @Column('integer', { name: 'offsets_ms', array: true })
  offsetsMs!: number[];

  @Column('double precision', { array: true })
  samples!: number[];
}
