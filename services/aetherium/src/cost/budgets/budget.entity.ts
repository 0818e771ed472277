import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

export type BudgetScopeKind = 'all' | 'account' | 'service' | 'tag';

/** A monthly amount for a scope, with the percentages of it that raise an alert. */
@Entity({ name: 'cost_budgets' })
@Index('ix_cost_budgets_tenant', ['tenantId', 'createdAt'])
export class Budget {
  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'pk_cost_budgets' })
  id!: string;

  @Column('varchar', { name: 'tenant_id', length: 64 })
  tenantId!: string;

  @Column('varchar', { length: 200 })
  name!: string;

  @Column('varchar', { name: 'scope_kind', length: 16 })
  scopeKind!: BudgetScopeKind;

  /** The account id, service name or `key=value` of the scope; '' for all. */
  @Column('varchar', { name: 'scope_value', length: 512 })
  scopeValue!: string;

  @Column('numeric', { name: 'monthly_amount' })
  monthlyAmount!: string;

  @Column('char', { length: 3 })
  currency!: string;

  @Column('varchar', { length: 16 })
  metric!: 'billed' | 'effective';

  /** Percentages of the amount, ascending, e.g. [50, 80, 100]. */
  @Column('integer', { array: true })
  thresholds!: number[];

  @Column('varchar', { name: 'created_by', length: 256 })
  createdBy!: string;

  @Column('timestamptz', { name: 'created_at', default: () => 'now()' })
  createdAt!: Date;
}

/** A threshold a budget crossed in one month; raised once, published as an insight. */
@Entity({ name: 'cost_budget_alerts' })
@Index('ux_cost_budget_alerts_once', ['budgetId', 'month', 'threshold', 'basis'], { unique: true })
@Index('ix_cost_budget_alerts_tenant', ['tenantId', 'raisedAt'])
export class BudgetAlert {
  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'pk_cost_budget_alerts' })
  id!: string;

  @Column('varchar', { name: 'tenant_id', length: 64 })
  tenantId!: string;

  @Column('uuid', { name: 'budget_id' })
  budgetId!: string;

  @Column('varchar', { length: 7 })
  month!: string;

  @Column('integer')
  threshold!: number;

  /** actual now; forecast once the oracle forecasts. */
  @Column('varchar', { length: 16 })
  basis!: 'actual' | 'forecast';

  @Column('numeric')
  spent!: string;

  @Column('numeric')
  amount!: string;

  @Column('timestamptz', { name: 'raised_at' })
  raisedAt!: Date;
}
