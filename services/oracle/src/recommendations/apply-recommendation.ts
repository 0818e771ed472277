import type { Principal } from '@codex/auth';
import { withTenant } from '@codex/persistence';
import { ProblemException } from '@codex/platform';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

import { ActionDrafts } from '../actions/action-drafts';
import { type RecommendationView, toRecommendationView } from './api/recommendation-view';
import { findRecommendation } from './recommendation-reader';

const AFTER_APPLY = new Set(['applied', 'executed', 'measured', 'failed']);

/**
 * Turns an open recommendation into a DRAFT action in aetherium's pipeline, as the caller (their
 * token goes along). The idempotency key is the recommendation's own, and the row stays locked
 * meanwhile, so applying twice answers the one draft.
 */
@Injectable()
export class ApplyRecommendation {
  constructor(
    private readonly dataSource: DataSource,
    private readonly drafts: ActionDrafts,
  ) {}

  apply(caller: Principal, authorization: string, id: string): Promise<RecommendationView> {
    return withTenant(this.dataSource, caller.tenantId, async (manager) => {
      const row = await findRecommendation(manager, caller.tenantId, id, true);
      if (AFTER_APPLY.has(row.status)) return toRecommendationView(row);
      if (row.status !== 'open')
        throw new ProblemException(
          409,
          'recommendation_closed',
          `recommendation ${id} is ${row.status}`,
        );
      if (!row.action)
        throw new ProblemException(
          409,
          'not_applicable',
          `recommendation ${id} is advice only: no catalogue action carries it out`,
        );
      const draft = await this.drafts.create(authorization, {
        targetUrn: row.resourceUrn,
        type: row.action.type,
        params: row.action.params,
        reason: `oracle recommendation ${id}: ${row.title}`.slice(0, 500),
        idempotencyKey: `recommendation-${id}`,
      });
      row.status = 'applied';
      row.draftActionId = draft.id;
      row.appliedBy = caller.person;
      row.appliedAt = new Date();
      row.updatedAt = row.appliedAt;
      await manager.query(
        `UPDATE recommendations SET status = 'applied', draft_action_id = $2, applied_by = $3, applied_at = $4,
                updated_at = $4 WHERE id = $1`,
        [id, draft.id, row.appliedBy, row.appliedAt],
      );
      return toRecommendationView(row);
    });
  }

  dismiss(caller: Principal, id: string): Promise<RecommendationView> {
    return withTenant(this.dataSource, caller.tenantId, async (manager) => {
      const row = await findRecommendation(manager, caller.tenantId, id, true);
      if (row.status === 'dismissed') return toRecommendationView(row);
      if (row.status !== 'open')
        throw new ProblemException(
          409,
          'recommendation_not_open',
          `recommendation ${id} is ${row.status}; only an open one can be dismissed`,
        );
      row.status = 'dismissed';
      row.updatedAt = new Date();
      await manager.query(
        `UPDATE recommendations SET status = 'dismissed', updated_at = $2 WHERE id = $1`,
        [id, row.updatedAt],
      );
      return toRecommendationView(row);
    });
  }
}
