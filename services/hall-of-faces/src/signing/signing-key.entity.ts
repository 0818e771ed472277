import type { JWK } from 'jose';
import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * An RS256 key pair of the built-in issuer; the private key is stored encrypted
 * (AES-256-GCM). A key is published one rotation before it signs (so verifiers
 * that cached the key set already know it), signs while active, and stays
 * published after retirement until every token it signed has expired.
 */
@Entity({ name: 'signing_keys' })
export class SigningKey {
  @PrimaryColumn('varchar', { length: 64, primaryKeyConstraintName: 'pk_signing_keys' })
  kid!: string;

  @Column('jsonb', { name: 'public_jwk' })
  publicJwk!: JWK;

  @Column('bytea', { name: 'private_key_sealed' })
  privateKeySealed!: Buffer;

  @Column('timestamptz', { name: 'created_at', default: () => 'now()' })
  createdAt!: Date;

  /** When it started signing; null while it is the published next key. */
  @Column('timestamptz', { name: 'activated_at', nullable: true })
  activatedAt!: Date | null;

  @Column('timestamptz', { name: 'retired_at', nullable: true })
  retiredAt!: Date | null;

  /** After this, the key is no longer published. */
  @Column('timestamptz', { name: 'unpublish_after', nullable: true })
  unpublishAfter!: Date | null;
}
