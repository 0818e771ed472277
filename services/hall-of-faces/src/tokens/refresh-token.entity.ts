import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * A person's refresh token; only the SHA-256 of it is kept. Each use replaces
 * it with a new one of the same family; presenting a used one again revokes
 * the whole family (it was stolen, or the client is broken).
 */
@Entity({ name: 'refresh_tokens' })
@Index('uq_refresh_tokens_hash', ['tokenHash'], { unique: true })
@Index('ix_refresh_tokens_family', ['familyId'])
@Index('ix_refresh_tokens_user', ['tenantId', 'userId'])
export class RefreshToken {
  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'pk_refresh_tokens' })
  id!: string;

  @Column('uuid', { name: 'tenant_id' })
  tenantId!: string;

  @Column('uuid', { name: 'user_id' })
  userId!: string;

  /** Every token descended from one sign-in. */
  @Column('uuid', { name: 'family_id' })
  familyId!: string;

  @Column('char', { name: 'token_hash', length: 64 })
  tokenHash!: string;

  @Column('timestamptz', { name: 'created_at', default: () => 'now()' })
  createdAt!: Date;

  @Column('timestamptz', { name: 'expires_at' })
  expiresAt!: Date;

  @Column('timestamptz', { name: 'used_at', nullable: true })
  usedAt!: Date | null;

  @Column('timestamptz', { name: 'revoked_at', nullable: true })
  revokedAt!: Date | null;
}
