import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * A revocation recorded with the change that caused it (same transaction) and
 * published to every replica's revocation list afterwards: an outbox, so a
 * Redis outage delays a revocation but never loses it.
 */
@Entity({ name: 'token_revocations' })
@Index('ix_token_revocations_unpublished', ['id'], { where: '"published_at" IS NULL' })
export class TokenRevocation {
  @PrimaryGeneratedColumn('identity', {
    type: 'bigint',
    generatedIdentity: 'ALWAYS',
    primaryKeyConstraintName: 'pk_token_revocations',
  })
  id!: string;

  @Column('varchar', { name: 'tenant_id', length: 64 })
  tenantId!: string;

  /** A user id, client id, `apikey:<id>`, or `*` for every token of the tenant. */
  @Column('varchar', { length: 320 })
  subject!: string;

  /** Epoch milliseconds; +∞ while a tenant is suspended. */
  @Column('double precision', { name: 'not_before' })
  notBefore!: number;

  @Column('timestamptz', { name: 'created_at', default: () => 'now()' })
  createdAt!: Date;

  @Column('timestamptz', { name: 'published_at', nullable: true })
  publishedAt!: Date | null;
}
