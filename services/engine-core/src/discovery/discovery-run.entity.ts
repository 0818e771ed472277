import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

export type RunTrigger = 'manual' | 'schedule';
export type RunStatus = 'queued' | 'running' | 'succeeded' | 'failed';

/** How far one (region, resource type) listing got: pages read and resources found. */
export interface ListingProgress {
  region: string;
  resourceType: string;
  pages: number;
  resources: number;
}

/** Keyed by `<region>/<resource type>`. */
export type RunProgress = Record<string, ListingProgress>;

/** One discovery of one AWS account, from request to outcome. */
@Entity({ name: 'discovery_runs' })
@Index('uq_discovery_runs_account_active', ['accountId'], {
  unique: true,
  where: `status IN ('queued', 'running')`,
})
@Index('ix_discovery_runs_tenant_created', ['tenantId', 'createdAt'])
@Index('ix_discovery_runs_account_created', ['accountId', 'createdAt'])
@Index('ix_discovery_runs_claimable', ['status', 'createdAt'], {
  where: `status IN ('queued', 'running')`,
})
export class DiscoveryRun {
  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'pk_discovery_runs' })
  id!: string;

  @Column('varchar', { name: 'tenant_id', length: 64 })
  tenantId!: string;

  /** Codex's id of the account. */
  @Column('uuid', { name: 'account_id' })
  accountId!: string;

  @Column('varchar', { length: 16 })
  trigger!: RunTrigger;

  @Column('varchar', { length: 16 })
  status!: RunStatus;

  /** The subject who asked for the run, or `scheduler`. */
  @Column('varchar', { name: 'requested_by', length: 256 })
  requestedBy!: string;

  @Column('int', { name: 'discovered_count', default: 0 })
  discoveredCount!: number;

  @Column('int', { name: 'deleted_count', default: 0 })
  deletedCount!: number;

  @Column('int', { name: 'metrics_count', default: 0 })
  metricsCount!: number;

  @Column('jsonb', { default: () => `'{}'` })
  progress!: RunProgress;

  @Column('varchar', { name: 'error_code', length: 128, nullable: true })
  errorCode!: string | null;

  @Column('text', { name: 'error_message', nullable: true })
  errorMessage!: string | null;

  /** Set by each claim: only the holder of the latest claim may write the run's progress and outcome. */
  @Column('uuid', { name: 'claim_token', nullable: true })
  claimToken!: string | null;

  /** Last sign of life of the replica running it; a stale running run is taken over. */
  @Column('timestamptz', { name: 'heartbeat_at', nullable: true })
  heartbeatAt!: Date | null;

  @Column('timestamptz', { name: 'created_at', default: () => 'now()' })
  createdAt!: Date;

  @Column('timestamptz', { name: 'started_at', nullable: true })
  startedAt!: Date | null;

  @Column('timestamptz', { name: 'finished_at', nullable: true })
  finishedAt!: Date | null;
}
