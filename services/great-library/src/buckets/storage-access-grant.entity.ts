import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** The audit trail of signed URLs: who was handed which object, to read or to write, until when. */
@Entity({ name: 'storage_access_grants' })
@Index('ix_storage_access_grants_bucket_created', ['tenantId', 'bucketId', 'createdAt'])
export class StorageAccessGrant {
  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'pk_storage_access_grants' })
  id!: string;

  @Column('varchar', { name: 'tenant_id', length: 64 })
  tenantId!: string;

  @Column('uuid', { name: 'bucket_id' })
  bucketId!: string;

  @Column('text')
  key!: string;

  @Column('varchar', { length: 8 })
  method!: 'GET' | 'PUT';

  @Column('varchar', { length: 256 })
  subject!: string;

  @Column('timestamptz', { name: 'expires_at' })
  expiresAt!: Date;

  @Column('timestamptz', { name: 'created_at', default: () => 'now()' })
  createdAt!: Date;
}
