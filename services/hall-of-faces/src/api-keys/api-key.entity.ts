import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * A long-lived key a tenant's scripts trade for short-lived access tokens.
 * Shown once as `cdx_<id>_<secret>`; only the SHA-256 of the secret is kept.
 */
@Entity({ name: 'api_keys' })
@Index('ix_api_keys_tenant_created', ['tenantId', 'createdAt', 'id'])
export class ApiKey {
  /** 12 hex characters; public, it names the key in lists and audit events. */
  @PrimaryColumn('varchar', { length: 12, primaryKeyConstraintName: 'pk_api_keys' })
  id!: string;

  /** Text, not uuid: a tenant of an external identity provider may have any id. */
  @Column('varchar', { name: 'tenant_id', length: 64 })
  tenantId!: string;

  @Column('varchar', { length: 100 })
  name!: string;

  @Column('varchar', { array: true, length: 16 })
  roles!: string[];

  /** Hex SHA-256 of the 256-bit random secret: a fast hash is enough for a key nobody chose. */
  @Column('char', { name: 'secret_hash', length: 64 })
  secretHash!: string;

  /** The person who created it; their own actions it cannot approve. */
  @Column('varchar', { name: 'created_by', length: 320 })
  createdBy!: string;

  @Column('timestamptz', { name: 'created_at', default: () => 'now()' })
  createdAt!: Date;

  @Column('timestamptz', { name: 'last_used_at', nullable: true })
  lastUsedAt!: Date | null;

  @Column('timestamptz', { name: 'revoked_at', nullable: true })
  revokedAt!: Date | null;
}
