import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** What the oracle knows of an inventory resource: enough to size, price and explain it. */
@Entity({ name: 'known_resources' })
@Index('ix_known_resources_account', ['tenantId', 'accountId'])
export class KnownResource {
  @PrimaryColumn('varchar', {
    name: 'tenant_id',
    length: 64,
    primaryKeyConstraintName: 'pk_known_resources',
  })
  tenantId!: string;

  @PrimaryColumn('varchar', { length: 512, primaryKeyConstraintName: 'pk_known_resources' })
  urn!: string;

  @Column('varchar', { length: 16 })
  provider!: string;

  @Column('varchar', { name: 'account_id', length: 128 })
  accountId!: string;

  @Column('varchar', { length: 64 })
  region!: string;

  @Column('varchar', { name: 'resource_type', length: 128 })
  resourceType!: string;

  @Column('varchar', { length: 512 })
  name!: string;

  @Column('varchar', { length: 64 })
  state!: string;

  @Column('jsonb')
  tags!: Record<string, string>;

  @Column('jsonb')
  attributes!: Record<string, unknown>;

  @Column('timestamptz', { name: 'first_seen_at' })
  firstSeenAt!: Date;

  @Column('timestamptz', { name: 'observed_at' })
  observedAt!: Date;

  @Column('timestamptz', { name: 'deleted_at', nullable: true })
  deletedAt!: Date | null;
}
