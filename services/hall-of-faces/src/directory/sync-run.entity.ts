import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

export type SyncTrigger = 'manual' | 'schedule' | 'connect';
export type SyncStatus = 'queued' | 'running' | 'succeeded' | 'failed';

/** One sync of one identity provider connection, from request to outcome. */
@Entity({ name: 'directory_sync_runs' })
@Index('uq_directory_sync_runs_active', ['connectionId'], {
  unique: true,
  where: `status IN ('queued', 'running')`,
})
@Index('ix_directory_sync_runs_claimable', ['status', 'createdAt'], {
  where: `status IN ('queued', 'running')`,
})
@Index('ix_directory_sync_runs_connection_created', ['connectionId', 'createdAt'])
export class SyncRun {
  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'pk_directory_sync_runs' })
  id!: string;

  @Column('varchar', { name: 'tenant_id', length: 64 })
  tenantId!: string;

  @Column('uuid', { name: 'connection_id' })
  connectionId!: string;

  @Column('varchar', { length: 16 })
  trigger!: SyncTrigger;

  /** Whether the run read everything (no cursor yet, or asked for) or only what changed. */
  @Column('boolean')
  full!: boolean;

  @Column('varchar', { length: 16 })
  status!: SyncStatus;

  @Column('varchar', { name: 'requested_by', length: 256 })
  requestedBy!: string;

  /** Items read so far, per stream (`users`, `groups`, `signIns`, …). */
  @Column('jsonb', { default: () => `'{}'` })
  progress!: Record<string, number>;

  /** What the run changed: accounts, removed, memberships, sign-ins. */
  @Column('jsonb', { default: () => `'{}'` })
  counts!: Record<string, number>;

  @Column('varchar', { name: 'error_code', length: 128, nullable: true })
  errorCode!: string | null;

  @Column('text', { name: 'error_message', nullable: true })
  errorMessage!: string | null;

  @Column('uuid', { name: 'claim_token', nullable: true })
  claimToken!: string | null;

  @Column('timestamptz', { name: 'heartbeat_at', nullable: true })
  heartbeatAt!: Date | null;

  @Column('timestamptz', { name: 'created_at', default: () => 'now()' })
  createdAt!: Date;

  @Column('timestamptz', { name: 'started_at', nullable: true })
  startedAt!: Date | null;

  @Column('timestamptz', { name: 'finished_at', nullable: true })
  finishedAt!: Date | null;
}
