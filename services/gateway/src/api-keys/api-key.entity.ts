import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** A machine client's key: only its hash is stored; the prefix lets an admin recognise it. */
@Entity({ name: 'api_keys' })
@Index('ix_api_keys_tenant', ['tenantId'])
export class ApiKey {
  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'pk_api_keys' })
  id!: string;

  @Column('uuid', { name: 'tenant_id' })
  tenantId!: string;

  @Column('varchar', { length: 100 })
  name!: string;

  @Index('uq_api_keys_prefix', { unique: true })
  @Column('varchar', { name: 'key_prefix', length: 16 })
  keyPrefix!: string;

  @Column('varchar', { name: 'key_hash', length: 128 })
  keyHash!: string;

  @Column('varchar', { length: 16 })
  role!: string;

  @Column('timestamptz', { name: 'created_at', default: () => 'now()' })
  createdAt!: Date;

  @Column('timestamptz', { name: 'revoked_at', nullable: true })
  revokedAt!: Date | null;

  @Column('timestamptz', { name: 'last_used_at', nullable: true })
  lastUsedAt!: Date | null;
}
