import { Check, Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** AWS credential kinds, Azure's (a service principal's secret or certificate), GCP's. */
export type AccountCredentialKind =
  'access-keys' | 'assume-role' | 'client-secret' | 'client-certificate' | 'service-account-key';

/**
 * What reaches the account besides the sealed secret, per provider. Azure: the service
 * principal's directory and application, and the certificate's SHA-1 thumbprint. GCP: the
 * service account's e-mail and the key's id. Empty for AWS.
 */
export interface AccountSettings {
  tenantId?: string;
  clientId?: string;
  certificateThumbprint?: string;
  clientEmail?: string;
  privateKeyId?: string;
}

/**
 * A cloud account a tenant connected. The secret part of its credentials is stored only
 * as a SealedSecret (protobuf bytes, ADR 8); a disconnected account keeps its row, with
 * the sealed secret erased.
 */
@Entity({ name: 'cloud_accounts' })
@Index('uq_cloud_accounts_connected_external', ['tenantId', 'provider', 'externalAccountId'], {
  unique: true,
  where: '"disconnected_at" IS NULL',
})
@Index('ix_cloud_accounts_tenant_created', ['tenantId', 'createdAt', 'id'])
@Check('ck_cloud_accounts_status', `"status" IN ('connected', 'disconnected')`)
@Check(
  'ck_cloud_accounts_credential_kind',
  `"credential_kind" IN ('access-keys', 'assume-role', 'client-secret', 'client-certificate', 'service-account-key')`,
)
@Check(
  'ck_cloud_accounts_lifecycle',
  `("status" = 'connected' AND "disconnected_at" IS NULL AND "sealed_secret" IS NOT NULL AND "kek_id" IS NOT NULL) OR ("status" = 'disconnected' AND "disconnected_at" IS NOT NULL AND "sealed_secret" IS NULL AND "kek_id" IS NULL)`,
)
export class CloudAccount {
  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'pk_cloud_accounts' })
  id!: string;

  @Column('varchar', { name: 'tenant_id', length: 64 })
  tenantId!: string;

  @Column('varchar', { length: 16 })
  provider!: string;

  /** The provider's id of the account: the 12-digit AWS account number, the Azure subscription id. */
  @Column('varchar', { name: 'external_account_id', length: 128 })
  externalAccountId!: string;

  @Column('varchar', { length: 200 })
  name!: string;

  /** AWS regions, or Azure locations (empty: every location). */
  @Column('text', { array: true })
  regions!: string[];

  @Column('varchar', { name: 'credential_kind', length: 32 })
  credentialKind!: AccountCredentialKind;

  @Column('jsonb', { name: 'provider_settings', default: () => "'{}'" })
  providerSettings!: AccountSettings;

  @Column('varchar', { name: 'role_arn', length: 2048, nullable: true })
  roleArn!: string | null;

  /** The access key id masked (`AKIA…WXYZ`), to recognise the key without unsealing it. */
  @Column('varchar', { name: 'access_key_hint', length: 32, nullable: true })
  accessKeyHint!: string | null;

  /** The key-encryption key that wrapped the data key, to find what a rotation must re-wrap. */
  @Column('varchar', { name: 'kek_id', length: 64, nullable: true })
  kekId!: string | null;

  /** codex.events.v1.SealedSecret, binary. Never loaded by reads. */
  @Column('bytea', { name: 'sealed_secret', nullable: true, select: false })
  sealedSecret!: Buffer | null;

  @Column('varchar', { length: 16 })
  status!: 'connected' | 'disconnected';

  /** Subject of the admin who connected it. */
  @Column('varchar', { name: 'created_by', length: 256 })
  createdBy!: string;

  @Column('timestamptz', { name: 'created_at', default: () => 'now()' })
  createdAt!: Date;

  @Column('timestamptz', { name: 'updated_at', default: () => 'now()' })
  updatedAt!: Date;

  /** When the provider last confirmed the credentials. */
  @Column('timestamptz', { name: 'verified_at' })
  verifiedAt!: Date;

  @Column('timestamptz', { name: 'disconnected_at', nullable: true })
  disconnectedAt!: Date | null;
}
