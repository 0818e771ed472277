import { randomUUID } from 'node:crypto';

import type { Principal } from '@codex/auth';
import { withTenant } from '@codex/persistence';
import { NotFoundProblem } from '@codex/platform';
import type { DataSource, EntityManager } from 'typeorm';

import { Budget, BudgetAlert } from './budget.entity';
import {
  type BudgetAlertView,
  type BudgetView,
  type NewBudget,
  toBudgetAlertView,
  toBudgetView,
} from './budget.schemas';
import type { BudgetAlerts } from './budget-alerts';
import { BudgetForecasts } from './budget-forecasts';
import { budgetSpend } from './budget-spend';

const currentMonth = () => new Date().toISOString().slice(0, 7);

/**
 * A tenant's budgets, each shown with this month's spend and forecast; a new budget is checked
 * at once against both.
 */
export class Budgets {
  private readonly forecasts: BudgetForecasts;

  constructor(
    private readonly dataSource: DataSource,
    private readonly alerts: BudgetAlerts,
  ) {
    this.forecasts = new BudgetForecasts(alerts);
  }

  create(caller: Principal, body: NewBudget): Promise<BudgetView> {
    return withTenant(this.dataSource, caller.tenantId, async (manager) => {
      const budget = await manager.getRepository(Budget).save({
        id: randomUUID(),
        tenantId: caller.tenantId,
        name: body.name,
        scopeKind: body.scope.kind,
        scopeValue: 'value' in body.scope ? body.scope.value : '',
        monthlyAmount: body.monthlyAmount,
        currency: body.currency,
        metric: body.metric,
        thresholds: [...body.thresholds].sort((a, b) => a - b),
        createdBy: caller.subject,
        createdAt: new Date(),
      });
      const month = currentMonth();
      await this.alerts.evaluate(manager, caller.tenantId, month);
      await this.forecasts.evaluate(manager, budget, month);
      return this.view(manager, budget, month);
    });
  }

  list(caller: Principal, month = currentMonth()): Promise<BudgetView[]> {
    return withTenant(this.dataSource, caller.tenantId, async (manager) => {
      const budgets = await manager
        .getRepository(Budget)
        .find({ where: { tenantId: caller.tenantId }, order: { createdAt: 'ASC', id: 'ASC' } });
      const views: BudgetView[] = [];
      for (const budget of budgets) {
        views.push(await this.view(manager, budget, month));
      }
      return views;
    });
  }

  private async view(manager: EntityManager, budget: Budget, month: string): Promise<BudgetView> {
    return toBudgetView(
      budget,
      month,
      await budgetSpend(manager, budget, month),
      await this.forecasts.forecastOf(manager, budget, month),
    );
  }

  remove(caller: Principal, id: string): Promise<void> {
    return withTenant(this.dataSource, caller.tenantId, async (manager) => {
      const deleted = await manager.getRepository(Budget).delete({ tenantId: caller.tenantId, id });
      if (!deleted.affected) throw new NotFoundProblem(`budget ${id}`);
      await manager.getRepository(BudgetAlert).delete({ tenantId: caller.tenantId, budgetId: id });
    });
  }

  alertsOf(caller: Principal): Promise<BudgetAlertView[]> {
    return withTenant(this.dataSource, caller.tenantId, async (manager) =>
      (
        await manager
          .getRepository(BudgetAlert)
          .find({ where: { tenantId: caller.tenantId }, order: { raisedAt: 'DESC' }, take: 200 })
      ).map(toBudgetAlertView),
    );
  }
}
