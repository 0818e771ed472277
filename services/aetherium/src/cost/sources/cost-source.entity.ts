import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

export const COST_SOURCE_KINDS = [
  'aws-data-export',
  'aws-cost-explorer',
  'gcp-billing-export',
  'azure-cost-export',
  'azure-cost-query',
] as const;
export type CostSourceKind = (typeof COST_SOURCE_KINDS)[number];

/** Where one connected account's bill is read from (ADR 22). */
@Entity({ name: 'cost_sources' })
@Index('ux_cost_sources_account_kind', ['tenantId', 'accountId', 'kind'], { unique: true })
export class CostSource {
  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'pk_cost_sources' })
  id!: string;

  @Column('varchar', { name: 'tenant_id', length: 64 })
  tenantId!: string;

  @Column('uuid', { name: 'account_id' })
  accountId!: string;

  @Column('varchar', { length: 16 })
  provider!: string;

  @Column('varchar', { length: 32 })
  kind!: CostSourceKind;

  /** The kind's location settings, e.g. bucket, prefix and export name. */
  @Column('jsonb')
  settings!: Record<string, string>;

  @Column('varchar', { name: 'created_by', length: 256 })
  createdBy!: string;

  @Column('timestamptz', { name: 'created_at', default: () => 'now()' })
  createdAt!: Date;

  /** The latest ingestion run: its id, whether it is running or how it ended, and when. */
  @Column('uuid', { name: 'last_run_id', nullable: true })
  lastRunId!: string | null;

  @Column('varchar', { name: 'last_run_status', length: 16, nullable: true })
  lastRunStatus!: 'running' | 'succeeded' | 'failed' | null;

  @Column('text', { name: 'last_run_error', nullable: true })
  lastRunError!: string | null;

  @Column('timestamptz', { name: 'last_run_at', nullable: true })
  lastRunAt!: Date | null;
}
