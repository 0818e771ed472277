import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** An EC2 instance, ECS service or Azure VM as engine-core last observed it. */
@Entity({ name: 'compute_resources' })
@Index('ix_compute_resources_tenant_kind', ['tenantId', 'kind'])
export class ComputeResource {
  @PrimaryColumn('varchar', { length: 512, primaryKeyConstraintName: 'pk_compute_resources' })
  urn!: string;

  @Column('uuid', { name: 'tenant_id' })
  tenantId!: string;

  @Column('varchar', { length: 16 })
  provider!: string;

  @Column('varchar', { length: 64 })
  kind!: string;

  @Column('varchar', { length: 32 })
  state!: string;

  @Column('jsonb')
  attributes!: Record<string, unknown>;

  @Column('timestamptz', { name: 'observed_at' })
  observedAt!: Date;
}
