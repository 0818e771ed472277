import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

import type { BucketFinding } from '../findings/bucket-findings';
import type { BucketConfiguration, StorageProvider } from '../storage/ports';
import type { BucketRecommendation } from './bucket-recommendation';

/** Objects and bytes per storage class. */
export type ClassMix = Record<string, { objects: number; bytes: number }>;

/** Data categories the classifier found in the bucket, with how many values of each. */
export type PersonalDataCounts = Record<string, number>;

/** A bucket or container as the last discovery saw it, with its findings and recommendations. */
@Entity({ name: 'storage_buckets' })
@Index('uq_storage_buckets_tenant_urn', ['tenantId', 'urn'], { unique: true })
@Index('ix_storage_buckets_account', ['tenantId', 'accountId'])
export class StorageBucket {
  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'pk_storage_buckets' })
  id!: string;

  @Column('varchar', { name: 'tenant_id', length: 64 })
  tenantId!: string;

  /** Codex's id of the connected account the bucket was discovered through. */
  @Column('uuid', { name: 'account_id' })
  accountId!: string;

  @Column('varchar', { length: 512 })
  urn!: string;

  @Column('varchar', { length: 16 })
  provider!: StorageProvider;

  @Column('varchar', { name: 'external_account_id', length: 128 })
  externalAccountId!: string;

  @Column('varchar', { length: 64 })
  region!: string;

  @Column('varchar', { length: 255 })
  name!: string;

  @Column('varchar', { name: 'storage_account', length: 64, nullable: true })
  storageAccount!: string | null;

  @Column('varchar', { name: 'resource_group', length: 128, nullable: true })
  resourceGroup!: string | null;

  @Column('jsonb', { default: () => "'{}'" })
  tags!: Record<string, string>;

  @Column('jsonb')
  configuration!: BucketConfiguration;

  @Column('bigint', { name: 'object_count' })
  objectCount!: string;

  @Column('bigint', { name: 'total_bytes' })
  totalBytes!: string;

  @Column('jsonb', { name: 'class_mix', default: () => "'{}'" })
  classMix!: ClassMix;

  /** The counts stopped at the discovery's object limit. */
  @Column('boolean', { name: 'counts_partial', default: false })
  countsPartial!: boolean;

  @Column('jsonb', { default: () => "'[]'" })
  findings!: BucketFinding[];

  @Column('jsonb', { name: 'personal_data', nullable: true })
  personalData!: PersonalDataCounts | null;

  @Column('jsonb', { default: () => "'[]'" })
  recommendations!: BucketRecommendation[];

  @Column('timestamptz', { name: 'created_at', nullable: true })
  createdAt!: Date | null;

  @Column('timestamptz', { name: 'discovered_at' })
  discoveredAt!: Date;
}
