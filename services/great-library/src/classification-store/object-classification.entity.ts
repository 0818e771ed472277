import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * What the classifier found in one sampled object: counts per category and masked examples,
 * never a matched value.
 */
@Entity({ name: 'storage_object_classifications' })
@Index('ix_storage_object_classifications_prefix', ['bucketId', 'prefix'])
export class ObjectClassification {
  @PrimaryColumn('uuid', {
    name: 'bucket_id',
    primaryKeyConstraintName: 'pk_storage_object_classifications',
  })
  bucketId!: string;

  @PrimaryColumn('text', { primaryKeyConstraintName: 'pk_storage_object_classifications' })
  key!: string;

  @Column('varchar', { name: 'tenant_id', length: 64 })
  tenantId!: string;

  /** The key's first path segment with its slash, or '' for a key at the top. */
  @Column('text')
  prefix!: string;

  @Column('jsonb')
  counts!: Record<string, number>;

  @Column('jsonb')
  examples!: Record<string, string[]>;

  @Column('integer', { name: 'scanned_bytes' })
  scannedBytes!: number;

  /** Why the object was not read as text (binary), or null. */
  @Column('varchar', { length: 128, nullable: true })
  skipped!: string | null;

  @Column('timestamptz', { name: 'scanned_at' })
  scannedAt!: Date;
}
