import { randomUUID } from 'node:crypto';

import { create, type JsonObject } from '@bufbuild/protobuf';
import { timestampFromDate } from '@bufbuild/protobuf/wkt';
import { InsightGeneratedSchema, InsightKind, InsightSeverity } from '@codex/contracts';
import type { Outbox } from '@codex/messaging';
import type { EntityManager } from 'typeorm';

import { Budget, type BudgetAlert } from './budget.entity';
import { budgetSpend, crossedThresholds } from './budget-spend';

/** What a threshold was reached by: the month's actual cost, or its forecast month total. */
export type AlertObservation =
  | { basis: 'actual'; spent: number }
  | {
      basis: 'forecast';
      projected: number;
      lo80: number;
      hi80: number;
      overrunDate: string | null;
      metric: 'billed' | 'effective';
      forecastInsightId: string;
    };

/**
 * Each budget threshold reached in a month, on actual cost or on the forecast, is recorded once
 * per basis and published as an `insight.generated` (ANALYSIS, a budget alert).
 */
export class BudgetAlerts {
  constructor(
    private readonly outbox: Outbox,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** After a month's cost changed: every budget of the tenant, on actual cost. */
  async evaluate(manager: EntityManager, tenantId: string, month: string): Promise<BudgetAlert[]> {
    const budgets = await manager.getRepository(Budget).findBy({ tenantId });
    const raised: BudgetAlert[] = [];
    for (const budget of budgets) {
      const spent = await budgetSpend(manager, budget, month);
      for (const threshold of crossedThresholds(budget, spent)) {
        const alert = await this.raise(manager, budget, month, threshold, {
          basis: 'actual',
          spent,
        });
        if (alert) raised.push(alert);
      }
    }
    return raised;
  }

  /** The alert, or undefined when this budget, month, threshold and basis already raised one. */
  async raise(
    manager: EntityManager,
    budget: Budget,
    month: string,
    threshold: number,
    observed: AlertObservation,
  ): Promise<BudgetAlert | undefined> {
    const alert: BudgetAlert = {
      id: randomUUID(),
      tenantId: budget.tenantId,
      budgetId: budget.id,
      month,
      threshold,
      basis: observed.basis,
      spent: (observed.basis === 'actual' ? observed.spent : observed.projected).toFixed(2),
      amount: budget.monthlyAmount,
      raisedAt: this.now(),
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
        alert.basis,
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
          ...alertText(budget, alert, observed),
          details: {
            type: 'budget_alert',
            // Actual and forecast alerts of a month are open side by side; a higher threshold
            // of the same basis supersedes a lower one.
            dedupeKey: `${month}:${observed.basis}`,
            budgetId: budget.id,
            month,
            threshold,
            amount: budget.monthlyAmount,
            currency: budget.currency,
            ...observationDetails(alert, observed),
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

function alertText(
  budget: Budget,
  alert: BudgetAlert,
  observed: AlertObservation,
): { title: string; summary: string } {
  const of = `of ${budget.monthlyAmount} ${budget.currency} (${budget.metric} cost, ${scopeText(budget)}) in ${alert.month}`;
  if (observed.basis === 'actual') {
    return {
      title: `Budget "${budget.name}" reached ${alert.threshold} % in ${alert.month}`,
      summary: `${alert.spent} ${budget.currency} ${of}.`,
    };
  }
  const overrun = observed.overrunDate ? `; over the amount on ${observed.overrunDate}` : '';
  return {
    title: `Budget "${budget.name}" is forecast to reach ${alert.threshold} % in ${alert.month}`,
    summary: `${alert.spent} ${budget.currency} projected (80 %: ${observed.lo80.toFixed(2)}–${observed.hi80.toFixed(2)}) ${of}${overrun}.`,
  };
}

function observationDetails(alert: BudgetAlert, observed: AlertObservation): JsonObject {
  if (observed.basis === 'actual') return { basis: 'actual', spent: alert.spent };
  return {
    basis: 'forecast',
    projected: alert.spent,
    projectedLo80: observed.lo80.toFixed(2),
    projectedHi80: observed.hi80.toFixed(2),
    overrunDate: observed.overrunDate,
    forecastMetric: observed.metric,
    forecastInsightId: observed.forecastInsightId,
  };
}

function scopeText(budget: Budget): string {
  return budget.scopeKind === 'all' ? 'all cost' : `${budget.scopeKind} ${budget.scopeValue}`;
}
