import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

export const INSIGHT_KINDS = ['forecast', 'anomaly', 'recommendation', 'analysis'] as const;
export type InsightKindName = (typeof INSIGHT_KINDS)[number];

export const INSIGHT_SEVERITIES = ['info', 'low', 'medium', 'high', 'critical'] as const;
export type InsightSeverityName = (typeof INSIGHT_SEVERITIES)[number];

/** open until a newer insight on the same thing supersedes it, or someone dismisses it. */
export const INSIGHT_STATUSES = ['open', 'superseded', 'dismissed', 'resolved'] as const;
export type InsightStatus = (typeof INSIGHT_STATUSES)[number];

/** Something the oracle (or aetherium's budgets) concluded, as received from `insight.generated`. */
@Entity({ name: 'insights' })
@Index('ix_insights_generated', ['tenantId', 'generatedAt', 'id'])
@Index('ix_insights_subject', ['tenantId', 'subjectUrn', 'generatedAt'])
@Index('ux_insights_open_per_subject', ['tenantId', 'kind', 'subjectUrn', 'type', 'dedupeKey'], {
  unique: true,
  where: `status = 'open'`,
})
export class Insight {
  @PrimaryColumn('varchar', {
    name: 'tenant_id',
    length: 64,
    primaryKeyConstraintName: 'pk_insights',
  })
  tenantId!: string;

  @PrimaryColumn('varchar', { length: 128, primaryKeyConstraintName: 'pk_insights' })
  id!: string;

  @Column('varchar', { length: 16 })
  kind!: InsightKindName;

  @Column('varchar', { length: 16 })
  severity!: InsightSeverityName;

  @Column('varchar', { name: 'subject_urn', length: 512 })
  subjectUrn!: string;

  /** `details.type`, e.g. cost_forecast or budget_alert; '' when the details name none. */
  @Column('varchar', { length: 64 })
  type!: string;

  /** `details.dedupeKey`: tells apart insights of one type on one subject; '' when none. */
  @Column('varchar', { name: 'dedupe_key', length: 256 })
  dedupeKey!: string;

  @Column('text')
  title!: string;

  @Column('text')
  summary!: string;

  @Column('jsonb')
  details!: Record<string, unknown>;

  @Column('varchar', { name: 'produced_by', length: 256 })
  producedBy!: string;

  @Column('timestamptz', { name: 'generated_at' })
  generatedAt!: Date;

  @Column('timestamptz', { name: 'valid_until', nullable: true })
  validUntil!: Date | null;

  @Column('varchar', { length: 16 })
  status!: InsightStatus;

  @Column('text', { name: 'status_reason', nullable: true })
  statusReason!: string | null;

  @Column('varchar', { name: 'status_changed_by', length: 256, nullable: true })
  statusChangedBy!: string | null;

  @Column('timestamptz', { name: 'status_changed_at', nullable: true })
  statusChangedAt!: Date | null;

  /** The insight that replaced this one, when superseded. */
  @Column('varchar', { name: 'superseded_by', length: 128, nullable: true })
  supersededBy!: string | null;

  @Column('timestamptz', { name: 'received_at' })
  receivedAt!: Date;
}
