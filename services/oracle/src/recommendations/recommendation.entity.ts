import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

import type { MeasuredSaving } from './measure-saving';
import type { EffortLevel, ProposedAction, RecommendationKind, RiskLevel } from './recommendation';

export const RECOMMENDATION_STATUSES = [
  'open',
  'applied',
  'executed',
  'measured',
  'failed',
  'dismissed',
  'superseded',
] as const;
export type RecommendationStatus = (typeof RECOMMENDATION_STATUSES)[number];

/**
 * A recommendation and its life: open → applied (a draft action) → executed (the action
 * succeeded) → measured (the bills show what it saved); or failed, dismissed, superseded (the
 * rules no longer find it). One open recommendation per resource and subject.
 */
@Entity({ name: 'recommendations' })
@Index('ix_recommendations_saving', ['tenantId', 'monthlySaving', 'id'])
@Index('ux_recommendations_open', ['tenantId', 'resourceUrn', 'subjectKey'], {
  unique: true,
  where: `"status" = 'open'`,
})
export class Recommendation {
  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'pk_recommendations' })
  id!: string;

  @Column('varchar', { name: 'tenant_id', length: 64 })
  tenantId!: string;

  @Column('varchar', { length: 32 })
  kind!: RecommendationKind;

  @Column('varchar', { name: 'resource_urn', length: 512 })
  resourceUrn!: string;

  @Column('varchar', { name: 'subject_key', length: 1200 })
  subjectKey!: string;

  @Column('varchar', { length: 16 })
  status!: RecommendationStatus;

  @Column('varchar', { length: 1300 })
  title!: string;

  @Column('numeric', { name: 'monthly_saving' })
  monthlySaving!: string;

  @Column('char', { length: 3 })
  currency!: string;

  @Column('varchar', { name: 'risk_level', length: 8 })
  riskLevel!: RiskLevel;

  @Column('varchar', { name: 'risk_reason', length: 500 })
  riskReason!: string;

  @Column('varchar', { length: 8 })
  effort!: EffortLevel;

  @Column('jsonb')
  evidence!: Record<string, unknown>;

  @Column('jsonb', { nullable: true })
  action!: ProposedAction | null;

  @Column('uuid', { name: 'draft_action_id', nullable: true })
  draftActionId!: string | null;

  @Column('varchar', { name: 'applied_by', length: 256, nullable: true })
  appliedBy!: string | null;

  @Column('timestamptz', { name: 'applied_at', nullable: true })
  appliedAt!: Date | null;

  @Column('timestamptz', { name: 'executed_at', nullable: true })
  executedAt!: Date | null;

  @Column('jsonb', { nullable: true })
  realised!: MeasuredSaving | null;

  @Column('timestamptz', { name: 'measured_at', nullable: true })
  measuredAt!: Date | null;

  @Column('timestamptz', { name: 'created_at' })
  createdAt!: Date;

  @Column('timestamptz', { name: 'updated_at' })
  updatedAt!: Date;
}
