import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

import { MEASURE_DAYS, type MeasuredSaving, measureSaving } from './measure-saving';
import { RecommendationInsights } from './recommendation-insights';

export interface RealisedCounts {
  executed: number;
  failed: number;
  measured: number;
}

interface Followed {
  id: string;
  resource_urn: string;
  title: string;
  status: 'executed' | 'measured';
  executed_at: Date;
  realised: MeasuredSaving | null;
}

/**
 * Follows applied recommendations to their end: the draft's action finished (by its id, or an
 * action of the same type on the same resource after the apply) → executed or failed; an
 * executed one whose resource has bills on both sides of that day → measured, and measured
 * again as more days are billed. The first measurement is announced once.
 */
@Injectable()
export class RealisedSavings {
  constructor(private readonly insights: RecommendationInsights) {}

  async measure(manager: EntityManager, tenantId: string): Promise<RealisedCounts> {
    const finished = await this.followActions(manager, tenantId);
    const followed = await manager.query<Followed[]>(
      `SELECT id, resource_urn, title, status, executed_at, realised FROM recommendations
        WHERE tenant_id = $1 AND status IN ('executed', 'measured')
          AND executed_at > now() - make_interval(days => $2) FOR UPDATE`,
      [tenantId, MEASURE_DAYS * 3],
    );
    let measured = 0;
    for (const row of followed) {
      const costs = await this.dailyCosts(manager, tenantId, row.resource_urn, row.executed_at);
      const saving = measureSaving(
        costs.rows.map((cost) => ({ day: cost.day, amount: Number(cost.amount) })),
        row.executed_at,
      );
      if (!saving || sameSaving(row.realised, saving)) continue;
      await manager.query(
        `UPDATE recommendations SET status = 'measured', realised = $2, measured_at = now(), updated_at = now(),
                currency = COALESCE($3, currency) WHERE id = $1`,
        [row.id, JSON.stringify(saving), costs.currency],
      );
      measured += 1;
      if (row.status === 'executed') {
        await this.insights.realised(
          manager,
          tenantId,
          {
            id: row.id,
            resourceUrn: row.resource_urn,
            title: row.title,
            currency: costs.currency ?? 'USD',
          },
          saving,
        );
      }
    }
    return { ...finished, measured };
  }

  private async followActions(
    manager: EntityManager,
    tenantId: string,
  ): Promise<{ executed: number; failed: number }> {
    const ended = await manager.query<{ id: string; outcome: string; completed_at: Date }[]>(
      `SELECT r.id, o.outcome, o.completed_at FROM recommendations r
         CROSS JOIN LATERAL (
           SELECT outcome, completed_at FROM action_outcomes a
            WHERE a.tenant_id = r.tenant_id
              AND (a.action_id = r.draft_action_id
                   OR (a.target_urn = r.resource_urn AND a.action_type = r.action->>'type'
                       AND a.completed_at > r.applied_at AND a.outcome = 'succeeded'))
            ORDER BY (a.action_id = r.draft_action_id) DESC, a.completed_at LIMIT 1) o
        WHERE r.tenant_id = $1 AND r.status = 'applied' FOR UPDATE OF r`,
      [tenantId],
    );
    const counts = { executed: 0, failed: 0 };
    for (const row of ended) {
      const succeeded = row.outcome === 'succeeded';
      await manager.query(
        `UPDATE recommendations SET status = $2, executed_at = $3, updated_at = now() WHERE id = $1`,
        [row.id, succeeded ? 'executed' : 'failed', succeeded ? row.completed_at : null],
      );
      counts[succeeded ? 'executed' : 'failed'] += 1;
    }
    return counts;
  }

  private async dailyCosts(
    manager: EntityManager,
    tenantId: string,
    urn: string,
    executedAt: Date,
  ): Promise<{ rows: { day: string; amount: string }[]; currency: string | undefined }> {
    const rows = await manager.query<{ day: string; amount: string; currency: string }[]>(
      `SELECT to_char(day, 'YYYY-MM-DD') AS day, sum(cost)::text AS amount, min(currency) AS currency
         FROM cost_lines
        WHERE tenant_id = $1 AND resource_urn = $2
          AND day BETWEEN ($3::timestamptz AT TIME ZONE 'UTC')::date - $4::int
                      AND ($3::timestamptz AT TIME ZONE 'UTC')::date + $4::int
        GROUP BY day`,
      [tenantId, urn, executedAt, MEASURE_DAYS],
    );
    return { rows, currency: rows[0]?.currency.trim() };
  }
}

function sameSaving(known: MeasuredSaving | null, now: MeasuredSaving): boolean {
  return (
    known !== null &&
    known.realisedMonthlySaving === now.realisedMonthlySaving &&
    known.daysBefore === now.daysBefore &&
    known.daysAfter === now.daysAfter
  );
}
