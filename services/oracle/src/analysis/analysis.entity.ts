import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

import type { ProposedAction } from './answer/parse-answer';

/** One analysis as answered: the text, what it cited, what it proposed and how it was made. */
@Entity({ name: 'analyses' })
@Index('ix_analyses_tenant', ['tenantId', 'createdAt'])
export class Analysis {
  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'pk_analyses' })
  id!: string;

  @Column('varchar', { name: 'tenant_id', length: 64 })
  tenantId!: string;

  @Column('varchar', { name: 'subject_kind', length: 32 })
  subjectKind!: string;

  @Column('varchar', { name: 'subject_id', length: 512 })
  subjectId!: string;

  @Column('text', { nullable: true })
  question!: string | null;

  @Column('text')
  text!: string;

  @Column('jsonb')
  citations!: string[];

  @Column('jsonb', { name: 'proposed_actions' })
  proposedActions!: ProposedAction[];

  @Column('boolean')
  fallback!: boolean;

  @Column('text', { name: 'fallback_reason', nullable: true })
  fallbackReason!: string | null;

  @Column('varchar', { length: 200, nullable: true })
  model!: string | null;

  @Column('varchar', { name: 'template_key', length: 100 })
  templateKey!: string;

  @Column('integer', { name: 'template_version' })
  templateVersion!: number;

  @Column('integer', { name: 'prompt_tokens' })
  promptTokens!: number;

  @Column('integer', { name: 'completion_tokens' })
  completionTokens!: number;

  @Column('numeric', { name: 'cost_usd', precision: 14, scale: 6 })
  costUsd!: string;

  /** How many values of each kind were redacted before the prompt left. */
  @Column('jsonb')
  redactions!: Record<string, number>;

  @Column('varchar', { name: 'requested_by', length: 256 })
  requestedBy!: string;

  @Column('timestamptz', { name: 'created_at' })
  createdAt!: Date;
}
