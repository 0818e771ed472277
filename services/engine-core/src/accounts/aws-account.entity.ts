import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

export type AccountStatusName = 'connected' | 'disconnected';
export type CredentialKindName = 'access-keys' | 'assume-role';

/** A SealedSecret with its byte fields in base64, as stored in aws_accounts.sealed_secret. */
export interface StoredSealedSecret {
  kekId: string;
  wrappedDataKey: string;
  dataKeyIv: string;
  dataKeyTag: string;
  ciphertext: string;
  iv: string;
  tag: string;
}

/**
 * engine-core's projection of the AWS accounts aetherium connected (topic account.connected):
 * what discovery needs to reach each one. The credentials stay sealed at rest.
 */
@Entity({ name: 'aws_accounts' })
@Index('ix_aws_accounts_tenant', ['tenantId'])
export class AwsAccount {
  /** Codex's id of the account. */
  @PrimaryColumn('uuid', { name: 'account_id', primaryKeyConstraintName: 'pk_aws_accounts' })
  accountId!: string;

  @Column('varchar', { name: 'tenant_id', length: 64 })
  tenantId!: string;

  /** The 12-digit AWS account number. */
  @Column('varchar', { name: 'external_account_id', length: 64 })
  externalAccountId!: string;

  @Column('varchar', { length: 200 })
  name!: string;

  @Column('text', { array: true })
  regions!: string[];

  @Column('varchar', { length: 16 })
  kind!: CredentialKindName;

  @Column('varchar', { name: 'role_arn', length: 2048, nullable: true })
  roleArn!: string | null;

  /** Null once the account is disconnected: its credentials are forgotten. */
  @Column('jsonb', { name: 'sealed_secret', nullable: true })
  sealedSecret!: StoredSealedSecret | null;

  @Column('varchar', { length: 16 })
  status!: AccountStatusName;

  /** connected_at or disconnected_at of the event this row reflects; older events are ignored. */
  @Column('timestamptz', { name: 'changed_at' })
  changedAt!: Date;

  @Column('timestamptz', { name: 'updated_at', default: () => 'now()' })
  updatedAt!: Date;
}
