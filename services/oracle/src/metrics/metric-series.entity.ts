import { Column, Entity, PrimaryColumn } from 'typeorm';

/** The streaming detector of one metric of one resource: its state, and the last sample it scored. */
@Entity({ name: 'metric_series' })
export class MetricSeries {
  @PrimaryColumn('varchar', {
    name: 'tenant_id',
    length: 64,
    primaryKeyConstraintName: 'pk_metric_series',
  })
  tenantId!: string;

  @PrimaryColumn('varchar', {
    name: 'resource_urn',
    length: 512,
    primaryKeyConstraintName: 'pk_metric_series',
  })
  resourceUrn!: string;

  @PrimaryColumn('varchar', { length: 64, primaryKeyConstraintName: 'pk_metric_series' })
  metric!: string;

  @Column('timestamptz', { name: 'last_at' })
  lastAt!: Date;

  @Column('integer')
  points!: number;

  /** The detector's JSON, kept as written (text, stored uncompressed: migration MetricStorage). */
  @Column('text')
  state!: string;

  /** The open anomaly of this series, until a score falls back below the threshold. */
  @Column('uuid', { name: 'open_anomaly_id', nullable: true })
  openAnomalyId!: string | null;
}
