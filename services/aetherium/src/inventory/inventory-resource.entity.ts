import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * aetherium's projection of every resource any service discovered, keyed by (tenant, URN).
 * A deleted resource keeps its row with deleted_at set, so an older discovery that
 * arrives late cannot bring it back.
 */
@Entity({ name: 'inventory_resources' })
@Index('ix_inventory_resources_tenant_name', ['tenantId', 'name', 'urn'], {
  where: '"deleted_at" IS NULL',
})
@Index(
  'ix_inventory_resources_tenant_type_state_name',
  ['tenantId', 'resourceType', 'state', 'name', 'urn'],
  {
    where: '"deleted_at" IS NULL',
  },
)
@Index('ix_inventory_resources_tenant_observed', ['tenantId', 'observedAt', 'urn'], {
  where: '"deleted_at" IS NULL',
})
// GIN indexes TypeORM cannot describe; created by the InventoryQueries migration.
@Index('ix_inventory_resources_tags', { synchronize: false })
@Index('ix_inventory_resources_name_trgm', { synchronize: false })
export class InventoryResource {
  /** A URN names a resource within a tenant: two tenants connecting one account each keep a row. */
  @PrimaryColumn('varchar', {
    name: 'tenant_id',
    length: 64,
    primaryKeyConstraintName: 'pk_inventory_resources',
  })
  tenantId!: string;

  @PrimaryColumn('varchar', { length: 512, primaryKeyConstraintName: 'pk_inventory_resources' })
  urn!: string;

  @Column('varchar', { length: 16 })
  provider!: string;

  @Column('varchar', { name: 'account_id', length: 128 })
  accountId!: string;

  @Column('varchar', { length: 64 })
  region!: string;

  @Column('varchar', { name: 'resource_type', length: 64 })
  resourceType!: string;

  @Column('varchar', { length: 512 })
  name!: string;

  @Column('jsonb')
  tags!: Record<string, string>;

  @Column('varchar', { length: 32 })
  state!: string;

  @Column('jsonb')
  attributes!: Record<string, unknown>;

  /** Time of the latest observation applied (discovery or deletion). */
  @Column('timestamptz', { name: 'observed_at' })
  observedAt!: Date;

  /** How many observations have been applied to this row. */
  @Column('integer')
  revision!: number;

  @Column('timestamptz', { name: 'deleted_at', nullable: true })
  deletedAt!: Date | null;

  /** When the projection last changed this row. */
  @Column('timestamptz', { name: 'updated_at', default: () => 'now()' })
  updatedAt!: Date;
}
