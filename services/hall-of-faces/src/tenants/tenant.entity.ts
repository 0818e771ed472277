import { Check, Column, Entity, Index, PrimaryColumn } from 'typeorm';

export type TenantStatus = 'active' | 'suspended' | 'deleted';

/** An organisation using Codex; every other row in the platform carries a tenant id. */
@Entity({ name: 'tenants' })
@Index('ix_tenants_created', ['createdAt', 'id'])
@Check('ck_tenants_status', `"status" IN ('active', 'suspended', 'deleted')`)
export class Tenant {
  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'pk_tenants' })
  id!: string;

  @Index('uq_tenants_slug', { unique: true })
  @Column('varchar', { length: 63 })
  slug!: string;

  @Column('varchar', { length: 200 })
  name!: string;

  @Column('timestamptz', { name: 'created_at', default: () => 'now()' })
  createdAt!: Date;

  /** Only an active tenant's people and machines get or keep tokens. */
  @Column('varchar', { length: 16, default: 'active' })
  status!: TenantStatus;

  @Column('timestamptz', { name: 'status_changed_at', nullable: true })
  statusChangedAt!: Date | null;
}
