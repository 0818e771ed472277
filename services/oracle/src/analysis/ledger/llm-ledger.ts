import { randomUUID } from 'node:crypto';

import { create } from '@bufbuild/protobuf';
import { timestampFromDate } from '@bufbuild/protobuf/wkt';
import { InsightGeneratedSchema, InsightKind, InsightSeverity } from '@codex/contracts';
import { Outbox } from '@codex/messaging';
import { withTenant } from '@codex/persistence';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';

import type { ServiceConfig } from '../../config';
import { SERVICE_CONFIG } from '../../service-config.token';
import type { Analysis } from '../analysis.entity';
import type { Attempt } from '../llm/model-chain';
import {
  type BudgetDecision,
  decideBudget,
  monthOf,
  monthStart,
  shouldWarn,
  type Spend,
  type TenantBudget,
} from './budget-decision';
import { callCostUsd } from './call-cost';
import { LlmBudget } from './llm-budget.entity';
import { LlmCall } from './llm-call.entity';

/** What a call is for, as the ledger groups it. */
export interface CallPurpose {
  feature: string;
  templateKey: string;
  templateVersion: number;
}

export type Reservation =
  { reservationId: string } | { refused: BudgetDecision & { allowed: false } };

export interface UsageRow {
  feature: string;
  templateKey: string;
  templateVersion: number;
  model: string;
  outcome: string;
  calls: number;
  promptTokens: number;
  completionTokens: number;
  costUsd: string;
}

const COUNTED = `outcome IN ('reserved', 'answered', 'failed')`;

/** The tenant's month of LLM calls: reservations under a lock, the settled calls, the budget. */
@Injectable()
export class LlmLedger {
  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: Outbox,
    @Inject(SERVICE_CONFIG) private readonly config: ServiceConfig,
  ) {}

  /**
   * Holds `estimate` for a call about to start, or refuses it (and records the refusal) when
   * the month's calls plus the estimate would pass a hard cap. One tenant's reservations take
   * turns, so two calls cannot both fit the last of a cap.
   */
  reserve(
    tenantId: string,
    purpose: CallPurpose,
    estimate: Spend,
    now: Date,
  ): Promise<Reservation> {
    return withTenant(this.dataSource, tenantId, async (manager) => {
      await manager.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [`llm-ledger:${tenantId}`]);
      const used = await this.spentThisMonth(manager, tenantId, now);
      const decision = decideBudget(used, estimate, await this.budgetIn(manager, tenantId));
      const row = (outcome: 'reserved' | 'refused') =>
        manager.create(LlmCall, {
          id: randomUUID(),
          tenantId,
          analysisId: null,
          ...purpose,
          model: '-',
          promptTokens: outcome === 'reserved' ? estimate.tokens : 0,
          completionTokens: 0,
          costUsd: outcome === 'reserved' ? String(estimate.costUsd) : '0',
          outcome,
          error: decision.allowed ? null : `${decision.cap}: ${decision.used} of ${decision.limit}`,
          calledAt: now,
        });
      if (!decision.allowed) {
        await manager.save(row('refused'));
        return { refused: decision };
      }
      const reserved = row('reserved');
      await manager.save(reserved);
      return { reservationId: reserved.id };
    });
  }

  /**
   * Replaces the reservation with the calls made (and the fallback, if it came to that) and
   * stores the analysis, in one transaction; the first call past the budget warns the tenant.
   */
  async settle(
    analysis: Analysis,
    reservationId: string | undefined,
    purpose: CallPurpose,
    attempts: readonly Attempt[],
  ): Promise<void> {
    const { tenantId } = analysis;
    const now = analysis.createdAt;
    await withTenant(this.dataSource, tenantId, async (manager) => {
      if (reservationId) await manager.delete(LlmCall, { id: reservationId, tenantId });
      const rows = attempts.map((attempt) =>
        manager.create(LlmCall, {
          id: randomUUID(),
          tenantId,
          analysisId: analysis.id,
          ...purpose,
          model: attempt.model,
          promptTokens: attempt.usage.promptTokens,
          completionTokens: attempt.usage.completionTokens,
          costUsd: String(callCostUsd(this.config.llm.prices, attempt.model, attempt.usage)),
          outcome: attempt.outcome,
          error: attempt.error ?? null,
          calledAt: now,
        }),
      );
      if (analysis.fallback) {
        rows.push(
          manager.create(LlmCall, {
            id: randomUUID(),
            tenantId,
            analysisId: analysis.id,
            ...purpose,
            model: 'deterministic-summary',
            promptTokens: 0,
            completionTokens: 0,
            costUsd: '0',
            outcome: 'fallback',
            error: analysis.fallbackReason,
            calledAt: now,
          }),
        );
      }
      await manager.save(analysis);
      await manager.save(rows);
      await this.warnOnce(manager, tenantId, now);
    });
  }

  /** Drops a reservation whose analysis never finished (the call threw before settling). */
  async release(tenantId: string, reservationId: string): Promise<void> {
    await withTenant(this.dataSource, tenantId, (manager) =>
      manager.delete(LlmCall, { id: reservationId, tenantId }),
    );
  }

  usageThisMonth(tenantId: string, now: Date): Promise<UsageRow[]> {
    return withTenant(this.dataSource, tenantId, async (manager) => {
      const rows = await manager.query<Record<string, unknown>[]>(
        `SELECT feature, template_key, template_version, model, outcome, count(*)::int AS calls,
                sum(prompt_tokens)::int AS prompt_tokens, sum(completion_tokens)::int AS completion_tokens,
                sum(cost_usd)::text AS cost_usd
           FROM llm_calls
          WHERE tenant_id = $1 AND called_at >= $2 AND outcome <> 'reserved'
          GROUP BY feature, template_key, template_version, model, outcome
          ORDER BY feature, template_key, template_version, model, outcome`,
        [tenantId, monthStart(now)],
      );
      return rows.map((row) => ({
        feature: String(row['feature']),
        templateKey: String(row['template_key']),
        templateVersion: Number(row['template_version']),
        model: String(row['model']),
        outcome: String(row['outcome']),
        calls: Number(row['calls']),
        promptTokens: Number(row['prompt_tokens']),
        completionTokens: Number(row['completion_tokens']),
        costUsd: String(row['cost_usd']),
      }));
    });
  }

  spent(tenantId: string, now: Date): Promise<Spend> {
    return withTenant(this.dataSource, tenantId, (manager) =>
      this.spentThisMonth(manager, tenantId, now),
    );
  }

  budgetOf(tenantId: string): Promise<TenantBudget> {
    return withTenant(this.dataSource, tenantId, (manager) => this.budgetIn(manager, tenantId));
  }

  async setBudget(tenantId: string, budget: TenantBudget, by: string): Promise<TenantBudget> {
    await withTenant(this.dataSource, tenantId, (manager) =>
      manager.query(
        `INSERT INTO llm_budgets (tenant_id, monthly_token_budget, monthly_token_cap, monthly_cost_cap_usd, warned_month, updated_by, updated_at)
         VALUES ($1, $2, $3, $4, NULL, $5, now())
         ON CONFLICT (tenant_id) DO UPDATE SET monthly_token_budget = $2, monthly_token_cap = $3,
           monthly_cost_cap_usd = $4, warned_month = NULL, updated_by = $5, updated_at = now()`,
        [tenantId, budget.monthlyTokenBudget, budget.monthlyTokenCap, budget.monthlyCostCapUsd, by],
      ),
    );
    return budget;
  }

  private async spentThisMonth(
    manager: EntityManager,
    tenantId: string,
    now: Date,
  ): Promise<Spend> {
    const [row] = await manager.query<{ tokens: string | null; cost: string | null }[]>(
      `SELECT sum(prompt_tokens + completion_tokens) AS tokens, sum(cost_usd) AS cost
         FROM llm_calls WHERE tenant_id = $1 AND called_at >= $2 AND ${COUNTED}`,
      [tenantId, monthStart(now)],
    );
    return { tokens: Number(row?.tokens ?? 0), costUsd: Number(row?.cost ?? 0) };
  }

  private async budgetIn(manager: EntityManager, tenantId: string): Promise<TenantBudget> {
    const own = await manager.findOneBy(LlmBudget, { tenantId });
    if (!own) {
      return {
        monthlyTokenBudget: this.config.llm.monthlyTokenBudget,
        monthlyTokenCap: this.config.llm.monthlyTokenCap,
        monthlyCostCapUsd: null,
      };
    }
    return {
      monthlyTokenBudget: own.monthlyTokenBudget,
      monthlyTokenCap: own.monthlyTokenCap,
      monthlyCostCapUsd: own.monthlyCostCapUsd === null ? null : Number(own.monthlyCostCapUsd),
    };
  }

  private async warnOnce(manager: EntityManager, tenantId: string, now: Date): Promise<void> {
    const month = monthOf(now);
    const own = await manager.findOneBy(LlmBudget, { tenantId });
    const budget = await this.budgetIn(manager, tenantId);
    const used = await this.spentThisMonth(manager, tenantId, now);
    if (!shouldWarn(used.tokens, budget, own?.warnedMonth === month)) return;
    await manager.query(
      `INSERT INTO llm_budgets (tenant_id, monthly_token_budget, monthly_token_cap, monthly_cost_cap_usd, warned_month, updated_by, updated_at)
       VALUES ($1, $2, $3, $4, $5, 'oracle', now())
       ON CONFLICT (tenant_id) DO UPDATE SET warned_month = $5`,
      [
        tenantId,
        budget.monthlyTokenBudget,
        budget.monthlyTokenCap,
        budget.monthlyCostCapUsd,
        month,
      ],
    );
    await this.outbox.add(manager, 'insight.generated', [
      {
        payload: create(InsightGeneratedSchema, {
          insightId: randomUUID(),
          tenantId,
          kind: InsightKind.ANALYSIS,
          severity: InsightSeverity.MEDIUM,
          subjectUrn: `codex:oracle:${tenantId}:llm-budget/${month}`,
          title: 'LLM analysis passed its monthly token budget',
          summary: `${used.tokens} tokens used in ${month}, budget ${budget.monthlyTokenBudget}; calls are refused past ${budget.monthlyTokenCap}.`,
          details: {
            type: 'llm_budget',
            month,
            usedTokens: used.tokens,
            budgetTokens: budget.monthlyTokenBudget,
            capTokens: budget.monthlyTokenCap,
            usedUsd: used.costUsd,
          },
          producedBy: 'oracle',
          generatedAt: timestampFromDate(now),
        }),
        metadata: { key: `llm-budget:${tenantId}`, tenantId },
      },
    ]);
  }
}
