import type { Principal } from '@codex/auth';
import { withTenant } from '@codex/persistence';
import { ProblemException } from '@codex/platform';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

import { Analysis } from './analysis.entity';
import type { BudgetRequest } from './analysis.schemas';
import { type AnalysisView, toAnalysisView } from './analysis-view';
import type { TenantBudget } from './ledger/budget-decision';
import { LlmLedger, type UsageRow } from './ledger/llm-ledger';

export interface UsageView {
  month: string;
  used: { tokens: number; costUsd: number };
  budget: TenantBudget;
  items: UsageRow[];
}

/** Reading analyses and the month's ledger; setting the tenant's budget. */
@Injectable()
export class ReadAnalyses {
  constructor(
    private readonly dataSource: DataSource,
    private readonly ledger: LlmLedger,
  ) {}

  async get(caller: Principal, id: string): Promise<AnalysisView> {
    const analysis = await withTenant(this.dataSource, caller.tenantId, (manager) =>
      manager.findOneBy(Analysis, { id, tenantId: caller.tenantId }),
    );
    if (!analysis) throw new ProblemException(404, 'analysis_not_found', `no analysis ${id}`);
    return toAnalysisView(analysis);
  }

  async usage(caller: Principal): Promise<UsageView> {
    const now = new Date();
    const [items, used, budget] = await Promise.all([
      this.ledger.usageThisMonth(caller.tenantId, now),
      this.ledger.spent(caller.tenantId, now),
      this.ledger.budgetOf(caller.tenantId),
    ]);
    return { month: now.toISOString().slice(0, 7), used, budget, items };
  }

  setBudget(admin: Principal, budget: BudgetRequest): Promise<TenantBudget> {
    return this.ledger.setBudget(admin.tenantId, budget, admin.subject);
  }
}
