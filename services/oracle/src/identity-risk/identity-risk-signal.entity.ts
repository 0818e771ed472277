import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

import type { RiskKind } from './detectors/sign-in';

/** One sign-in risk signal, recorded once (by tenant and `dedupe_key`) and announced once. */
@Entity({ name: 'identity_risk_signals' })
@Index('ux_identity_risk_signals_dedupe', ['tenantId', 'dedupeKey'], { unique: true })
@Index('ix_identity_risk_signals_time', ['tenantId', 'occurredAt', 'id'])
@Index('ix_identity_risk_signals_identity', ['tenantId', 'identityUrn', 'occurredAt'])
export class IdentityRiskSignal {
  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'pk_identity_risk_signals' })
  id!: string;

  @Column('varchar', { name: 'tenant_id', length: 64 })
  tenantId!: string;

  @Column('varchar', { length: 32 })
  kind!: RiskKind;

  /** The account at risk; empty for a password spray, which is about an address. */
  @Column('varchar', { name: 'identity_urn', length: 512 })
  identityUrn!: string;

  /** What the insight is about: the account, or for a spray the address. */
  @Column('varchar', { name: 'subject_urn', length: 512 })
  subjectUrn!: string;

  /** `<kind>:<the triggering login id>`. */
  @Column('varchar', { name: 'dedupe_key', length: 600 })
  dedupeKey!: string;

  @Column('jsonb', { name: 'login_ids' })
  loginIds!: string[];

  @Column('timestamptz', { name: 'occurred_at' })
  occurredAt!: Date;

  @Column('jsonb')
  details!: Record<string, unknown>;

  /** The account's risk (0–100) right after this signal; null for a spray. */
  @Column('integer', { nullable: true })
  risk!: number | null;

  @Column('timestamptz', { name: 'detected_at' })
  detectedAt!: Date;
}
