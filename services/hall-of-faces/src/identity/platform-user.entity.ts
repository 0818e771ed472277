import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** A person who signs in to Codex with the built-in issuer. */
@Entity({ name: 'platform_users' })
@Index('uq_platform_users_tenant_email', ['tenantId', 'email'], { unique: true })
export class PlatformUser {
  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'pk_platform_users' })
  id!: string;

  @Column('uuid', { name: 'tenant_id' })
  tenantId!: string;

  @Column('varchar', { length: 320 })
  email!: string;

  /** scrypt$N$r$p$salt$hash, base64 parts. */
  @Column('varchar', { name: 'password_hash', length: 256 })
  passwordHash!: string;

  @Column('varchar', { array: true, length: 32 })
  roles!: string[];

  @Column('timestamptz', { name: 'created_at', default: () => 'now()' })
  createdAt!: Date;

  @Column('timestamptz', { name: 'disabled_at', nullable: true })
  disabledAt!: Date | null;
}
