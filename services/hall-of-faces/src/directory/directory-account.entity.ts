import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** How an account came to its person: by its verified e-mail, or by a person's hand. */
export type LinkSource = 'email' | 'manual';

/** One account (user) in one connected identity provider, as the last sync saw it. */
@Entity({ name: 'directory_accounts' })
@Index('ix_directory_accounts_person', ['tenantId', 'personId'])
@Index('ix_directory_accounts_email', ['tenantId', 'email'])
export class DirectoryAccount {
  /** Codex's id of the connection (the connected account). */
  @PrimaryColumn('uuid', {
    name: 'connection_id',
    primaryKeyConstraintName: 'pk_directory_accounts',
  })
  connectionId!: string;

  /** Auth0 `user_id`, Entra object id. */
  @PrimaryColumn('varchar', {
    name: 'external_id',
    length: 255,
    primaryKeyConstraintName: 'pk_directory_accounts',
  })
  externalId!: string;

  @Column('varchar', { name: 'tenant_id', length: 64 })
  tenantId!: string;

  @Column('varchar', { length: 16 })
  provider!: 'auth0' | 'entra';

  @Column('uuid', { name: 'person_id', nullable: true })
  personId!: string | null;

  /** null: linked by nobody; `manual` with no person: unlinked by hand, never linked again by e-mail. */
  @Column('varchar', { name: 'link_source', length: 16, nullable: true })
  linkSource!: LinkSource | null;

  @Column('varchar', { length: 320, nullable: true })
  email!: string | null;

  @Column('boolean', { name: 'email_verified' })
  emailVerified!: boolean;

  @Column('varchar', { name: 'display_name', length: 256 })
  displayName!: string;

  @Column('boolean')
  enabled!: boolean;

  @Column('timestamptz', { name: 'created_at', nullable: true })
  createdAt!: Date | null;

  @Column('timestamptz', { name: 'last_sign_in_at', nullable: true })
  lastSignInAt!: Date | null;

  @Column('boolean', { name: 'mfa_registered', nullable: true })
  mfaRegistered!: boolean | null;

  /** A sign-in with a completed second factor was seen. */
  @Column('boolean', { name: 'mfa_used', default: false })
  mfaUsed!: boolean;

  @Column('jsonb', { default: () => `'{}'` })
  attributes!: Record<string, string | number | boolean | null>;

  @Column('timestamptz', { name: 'synced_at' })
  syncedAt!: Date;
}
