import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

export type LlmCallOutcome = 'reserved' | 'answered' | 'failed' | 'fallback' | 'refused';

/**
 * The LLM ledger: one row per model call (and per refusal and fallback), with its tokens and
 * cost. A `reserved` row holds a call's estimate while it runs, so concurrent calls of one
 * tenant cannot together pass the hard cap.
 */
@Entity({ name: 'llm_calls' })
@Index('ix_llm_calls_tenant', ['tenantId', 'calledAt'])
export class LlmCall {
  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'pk_llm_calls' })
  id!: string;

  @Column('varchar', { name: 'tenant_id', length: 64 })
  tenantId!: string;

  @Column('uuid', { name: 'analysis_id', nullable: true })
  analysisId!: string | null;

  @Column('varchar', { length: 64 })
  feature!: string;

  @Column('varchar', { name: 'template_key', length: 100 })
  templateKey!: string;

  @Column('integer', { name: 'template_version' })
  templateVersion!: number;

  @Column('varchar', { length: 200 })
  model!: string;

  @Column('integer', { name: 'prompt_tokens' })
  promptTokens!: number;

  @Column('integer', { name: 'completion_tokens' })
  completionTokens!: number;

  @Column('numeric', { name: 'cost_usd', precision: 14, scale: 6 })
  costUsd!: string;

  @Column('varchar', { length: 16 })
  outcome!: LlmCallOutcome;

  @Column('text', { nullable: true })
  error!: string | null;

  @Column('timestamptz', { name: 'called_at' })
  calledAt!: Date;
}
