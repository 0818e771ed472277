import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** A connected cloud account. Credentials are stored only as an encrypted envelope. */
@Entity({ name: 'cloud_accounts' })
@Index('uq_cloud_accounts_tenant_provider_external', ['tenantId', 'provider', 'externalId'], {
  unique: true,
})
export class CloudAccount {
  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'pk_cloud_accounts' })
  id!: string;

  @Column('uuid', { name: 'tenant_id' })
  tenantId!: string;

  @Column('varchar', { length: 16 })
  provider!: string;

  @Column('varchar', { length: 200 })
  name!: string;

  @Column('varchar', { name: 'external_id', length: 128 })
  externalId!: string;

  @Column('bytea', { name: 'credentials_envelope', nullable: true })
  credentialsEnvelope!: Buffer | null;

  @Column('timestamptz', { name: 'created_at', default: () => 'now()' })
  createdAt!: Date;

  @Column('timestamptz', { name: 'updated_at', default: () => 'now()' })
  updatedAt!: Date;
}
