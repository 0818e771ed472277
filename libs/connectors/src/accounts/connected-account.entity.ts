import type { JsonObject } from '@bufbuild/protobuf';
import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

import type { ProviderName } from '../provider-error';
import type { StoredSealedSecret } from './stored-sealed-secret';

export type AccountStatusName = 'connected' | 'disconnected';
export type CredentialKindName =
  | 'access-keys'
  | 'assume-role'
  | 'client-secret'
  | 'client-certificate'
  | 'service-account-key'
  | 'unspecified';

/**
 * A service's projection of the accounts aetherium connected (topic account.connected), one
 * row per account of any provider: what the service needs to reach it. The credentials stay
 * sealed at rest. A tenant table: FORCE row-level security, as ADR 12 says.
 */
@Entity({ name: 'connected_accounts' })
@Index('ix_connected_accounts_tenant', ['tenantId'])
export class ConnectedAccountRecord {
  /** Codex's id of the account. */
  @PrimaryColumn('uuid', { name: 'account_id', primaryKeyConstraintName: 'pk_connected_accounts' })
  accountId!: string;

  @Column('varchar', { name: 'tenant_id', length: 64 })
  tenantId!: string;

  @Column('varchar', { length: 16 })
  provider!: ProviderName;

  /** The provider's own id: AWS account number, subscription, project, Auth0 tenant, directory. */
  @Column('varchar', { name: 'external_account_id', length: 255 })
  externalAccountId!: string;

  @Column('varchar', { length: 200 })
  name!: string;

  @Column('text', { array: true })
  regions!: string[];

  @Column('varchar', { name: 'credential_kind', length: 32 })
  credentialKind!: CredentialKindName;

  /** Non-secret provider settings: roleArn (AWS), tenantId and clientId (Azure), domain (Auth0)… */
  @Column('jsonb')
  settings!: JsonObject;

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
