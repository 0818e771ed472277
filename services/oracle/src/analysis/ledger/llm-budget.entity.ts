import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A tenant's own monthly LLM budget (a warning) and hard caps; without a row the defaults apply. */
@Entity({ name: 'llm_budgets' })
export class LlmBudget {
  @PrimaryColumn('varchar', {
    name: 'tenant_id',
    length: 64,
    primaryKeyConstraintName: 'pk_llm_budgets',
  })
  tenantId!: string;

  @Column('integer', { name: 'monthly_token_budget' })
  monthlyTokenBudget!: number;

  @Column('integer', { name: 'monthly_token_cap' })
  monthlyTokenCap!: number;

  @Column('numeric', { name: 'monthly_cost_cap_usd', precision: 14, scale: 2, nullable: true })
  monthlyCostCapUsd!: string | null;

  /** The month (YYYY-MM) whose budget warning was raised, so it is raised once. */
  @Column('varchar', { name: 'warned_month', length: 7, nullable: true })
  warnedMonth!: string | null;

  @Column('varchar', { name: 'updated_by', length: 256 })
  updatedBy!: string;

  @Column('timestamptz', { name: 'updated_at' })
  updatedAt!: Date;
}
