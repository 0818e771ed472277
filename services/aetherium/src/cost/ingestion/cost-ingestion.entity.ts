import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

export type IngestionStatus = 'running' | 'succeeded' | 'failed' | 'unchanged';

/**
 * One attempt to ingest one billing period of a source. `version` is what the provider says
 * identifies the delivery (an export's execution id, a run id, the last export time); a
 * period whose latest succeeded version is unchanged is not read again.
 */
@Entity({ name: 'cost_ingestions' })
@Index('ix_cost_ingestions_source', ['tenantId', 'sourceId', 'startedAt'])
export class CostIngestion {
  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'pk_cost_ingestions' })
  id!: string;

  @Column('varchar', { name: 'tenant_id', length: 64 })
  tenantId!: string;

  @Column('uuid', { name: 'source_id' })
  sourceId!: string;

  /** Groups the periods one request or schedule tick ingested. */
  @Column('uuid', { name: 'run_id' })
  runId!: string;

  @Column('varchar', { name: 'billing_period', length: 7 })
  billingPeriod!: string;

  @Column('varchar', { length: 256 })
  version!: string;

  @Column('varchar', { length: 16 })
  status!: IngestionStatus;

  @Column('integer', { name: 'line_count', default: 0 })
  lineCount!: number;

  /** Sums per currency of what was ingested: { USD: { billed, effective } }. */
  @Column('jsonb', { default: () => "'{}'" })
  totals!: Record<string, { billed: string; effective: string }>;

  @Column('text', { nullable: true })
  error!: string | null;

  @Column('timestamptz', { name: 'started_at' })
  startedAt!: Date;

  @Column('timestamptz', { name: 'finished_at', nullable: true })
  finishedAt!: Date | null;
}
