import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** An organisation using Codex; every other row in the platform carries a tenant id. */
@Entity({ name: 'tenants' })
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
}
