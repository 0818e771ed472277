import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** A bucket or container in S3, GCS or Azure Blob that the storage browser indexes. */
@Entity({ name: 'storage_locations' })
@Index(
  'uq_storage_locations_tenant_provider_account_name',
  ['tenantId', 'provider', 'accountRef', 'name'],
  {
    unique: true,
  },
)
export class StorageLocation {
  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'pk_storage_locations' })
  id!: string;

  @Column('uuid', { name: 'tenant_id' })
  tenantId!: string;

  @Column('varchar', { length: 16 })
  provider!: string;

  @Column('varchar', { name: 'account_ref', length: 128 })
  accountRef!: string;

  @Column('varchar', { length: 255 })
  name!: string;

  @Column('varchar', { length: 64, nullable: true })
  region!: string | null;

  @Column('timestamptz', { name: 'created_at', default: () => 'now()' })
  createdAt!: Date;
}
