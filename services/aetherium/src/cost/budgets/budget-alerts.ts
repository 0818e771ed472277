import { randomUUID } from 'node:crypto';

import { create } from '@bufbuild/protobuf';
import { timestampFromDate } from '@bufbuild/protobuf/wkt';
import { InsightGeneratedSchema, InsightKind, InsightSeverity } from '@codex/contracts';
import type { Outbox } from '@codex/messaging';
import type { EntityManager } from 'typeorm';

import { Budget, type BudgetAlert } from './budget.entity';
import { budgetSpend, crossedThresholds } from './budget-spend';

/**
 * After a month's cost changed: each budget threshold reached for the first time in that month
 * is recorded once and published as an `insight.generated` (ANALYSIS, a budget alert). Until
 * the oracle forecasts, budgets alert on actual cost only.
 */
export class BudgetAlerts {
  constructor(private readonly outbox: Outbox) {}

  async evaluate(manager: EntityManager, tenantId: string, month: string): Promise<BudgetAlert[]> {
    const budgets = await manager.getRepository(Budget).findBy({ tenantId });
    const raised: BudgetAlert[] = [];
    for (const budget of budgets) {
      const spent = await budgetSpend(manager, budget, month);
      for (const threshold of crossedThresholds(budget, spent)) {
        const alert = await this.raise(manager, budget, month, threshold, spent);
        if (alert) raised.push(alert);
      }
    }
    return raised;
  }

  private async raise(
    manager: EntityManager,
    budget: Budget,
    month: string,
    threshold: number,
    spent: number,
  ): Promise<BudgetAlert | undefined> {
    const alert: BudgetAlert = {
      id: randomUUID(),
      tenantId: budget.tenantId,
      budgetId: budget.id,
      month,
      threshold,
      basis: 'actual',
      spent: spent.toFixed(2),
      amount: budget.monthlyAmount,
      raisedAt: new Date(),
    };
    const inserted = await manager.query<unknown[]>(
      `INSERT INTO cost_budget_alerts (id, tenant_id, budget_id, month, threshold, basis, spent, amount, raised_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT DO NOTHING RETURNING id`,
      [
        alert.id,
        alert.tenantId,
        alert.budgetId,
        month,
        threshold,
        'actual',
        alert.spent,
        alert.amount,
        alert.raisedAt,
      ],
    );
    if (inserted.length === 0) return undefined;
    await this.outbox.add(manager, 'insight.generated', [
      {
        payload: create(InsightGeneratedSchema, {
          insightId: alert.id,
          tenantId: budget.tenantId,
          kind: InsightKind.ANALYSIS,
          severity: threshold >= 100 ? InsightSeverity.HIGH : InsightSeverity.MEDIUM,
          subjectUrn: `codex:budget:${budget.id}`,
          title: `Budget "${budget.name}" reached ${threshold} % in ${month}`,
          summary: `${alert.spent} ${budget.currency} of ${budget.monthlyAmount} ${budget.currency} (${budget.metric} cost, ${scopeText(budget)}) in ${month}.`,
          details: {
            type: 'budget_alert',
            budgetId: budget.id,
            month,
            threshold,
            basis: 'actual',
            spent: alert.spent,
            amount: budget.monthlyAmount,
            currency: budget.currency,
          },
          producedBy: 'aetherium:budgets',
          generatedAt: timestampFromDate(alert.raisedAt),
        }),
        metadata: { key: budget.id, tenantId: budget.tenantId },
      },
    ]);
    return alert;
  }
}

function scopeText(budget: Budget): string {
  return budget.scopeKind === 'all' ? 'all cost' : `${budget.scopeKind} ${budget.scopeValue}`;
}
