import { randomUUID } from 'node:crypto';

import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

import type { FoundRecommendation } from './recommendation';
import { RecommendationInsights } from './recommendation-insights';

/** Days a dismissed or applied recommendation keeps the rules from proposing it again. */
const SETTLED_DAYS = 30;

export interface ReconcileCounts {
  created: number;
  updated: number;
  superseded: number;
}

/**
 * Makes a tenant's open recommendations what the rules found now: a new one is stored and
 * announced once; one found again keeps its id and takes the new figures; an open one the
 * rules no longer find is superseded. Applied ones and later are left alone, and for
 * {@link SETTLED_DAYS} a dismissed or applied one is not proposed again (the inventory may still
 * show the old size until the next discovery).
 */
@Injectable()
export class ReconcileRecommendations {
  constructor(private readonly insights: RecommendationInsights) {}

  async reconcile(
    manager: EntityManager,
    tenantId: string,
    found: readonly FoundRecommendation[],
  ): Promise<ReconcileCounts> {
    const open = await manager.query<{ id: string; resource_urn: string; subject_key: string }[]>(
      `SELECT id, resource_urn, subject_key FROM recommendations
        WHERE tenant_id = $1 AND status = 'open' FOR UPDATE`,
      [tenantId],
    );
    const openByKey = new Map(
      open.map((row) => [`${row.resource_urn}\n${row.subject_key}`, row.id]),
    );
    const settled = await manager.query<{ resource_urn: string; subject_key: string }[]>(
      `SELECT DISTINCT resource_urn, subject_key FROM recommendations
        WHERE tenant_id = $1 AND status IN ('applied', 'executed', 'measured', 'failed', 'dismissed')
          AND updated_at > now() - make_interval(days => $2)`,
      [tenantId, SETTLED_DAYS],
    );
    const settledKeys = new Set(settled.map((row) => `${row.resource_urn}\n${row.subject_key}`));
    const counts: ReconcileCounts = { created: 0, updated: 0, superseded: 0 };
    const seen = new Set<string>();
    for (const item of found) {
      const key = `${item.resourceUrn}\n${item.subjectKey}`;
      if (settledKeys.has(key)) continue;
      seen.add(key);
      const id = openByKey.get(key);
      if (id) {
        await this.update(manager, id, item);
        counts.updated += 1;
      } else if (await this.insert(manager, tenantId, item)) {
        counts.created += 1;
      }
    }
    const gone = open.filter((row) => !seen.has(`${row.resource_urn}\n${row.subject_key}`));
    if (gone.length > 0) {
      await manager.query(
        `UPDATE recommendations SET status = 'superseded', updated_at = now() WHERE id = ANY($1::uuid[])`,
        [gone.map((row) => row.id)],
      );
      counts.superseded = gone.length;
    }
    return counts;
  }

  private async insert(
    manager: EntityManager,
    tenantId: string,
    item: FoundRecommendation,
  ): Promise<boolean> {
    const id = randomUUID();
    const inserted = await manager.query<unknown[]>(
      `INSERT INTO recommendations (id, tenant_id, kind, resource_urn, subject_key, status, title, monthly_saving,
              currency, risk_level, risk_reason, effort, evidence, action, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, 'open', $6, $7, $8, $9, $10, $11, $12, $13, now(), now())
       ON CONFLICT (tenant_id, resource_urn, subject_key) WHERE status = 'open' DO NOTHING RETURNING id`,
      [
        id,
        tenantId,
        item.kind,
        item.resourceUrn,
        item.subjectKey,
        item.title,
        item.monthlySaving,
        item.currency,
        item.risk.level,
        item.risk.reason,
        item.effort,
        JSON.stringify(item.evidence),
        item.action === null ? null : JSON.stringify(item.action),
      ],
    );
    if (inserted.length === 0) return false;
    await this.insights.recommended(manager, tenantId, id, item);
    return true;
  }

  private async update(
    manager: EntityManager,
    id: string,
    item: FoundRecommendation,
  ): Promise<void> {
    await manager.query(
      `UPDATE recommendations SET title = $2, monthly_saving = $3, currency = $4, risk_level = $5, risk_reason = $6,
              effort = $7, evidence = $8, action = $9, updated_at = now() WHERE id = $1`,
      [
        id,
        item.title,
        item.monthlySaving,
        item.currency,
        item.risk.level,
        item.risk.reason,
        item.effort,
        JSON.stringify(item.evidence),
        item.action === null ? null : JSON.stringify(item.action),
      ],
    );
  }
}
