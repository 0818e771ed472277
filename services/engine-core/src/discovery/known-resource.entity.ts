import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * A resource of an account that discovery has published and not yet declared deleted.
 * After a complete run, every row of the account that run did not see is deleted.
 */
@Entity({ name: 'known_resources' })
export class KnownResource {
  /** Codex's id of the account. */
  @PrimaryColumn('uuid', { name: 'account_id', primaryKeyConstraintName: 'pk_known_resources' })
  accountId!: string;

  @PrimaryColumn('varchar', { length: 512, primaryKeyConstraintName: 'pk_known_resources' })
  urn!: string;

  @Column('varchar', { name: 'tenant_id', length: 64 })
  tenantId!: string;

  @Column('varchar', { name: 'resource_type', length: 64 })
  resourceType!: string;

  @Column('uuid', { name: 'last_run_id' })
  lastRunId!: string;

  @Column('timestamptz', { name: 'last_seen_at' })
  lastSeenAt!: Date;
}
