import type { Principal } from '@codex/auth';
import { withTenant } from '@codex/persistence';
import { type Page, ProblemException } from '@codex/platform';
import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';

import { encodeSavingCursor, type RecommendationListQuery } from './api/recommendation.schemas';
import { type RecommendationView, toRecommendationView } from './api/recommendation-view';
import { Recommendation } from './recommendation.entity';

export function recommendationNotFound(id: string): ProblemException {
  return new ProblemException(404, 'not_found', `recommendation ${id} does not exist`);
}

/** A tenant's recommendations, largest saving first, a page at a time. */
@Injectable()
export class RecommendationReader {
  constructor(private readonly dataSource: DataSource) {}

  list(caller: Principal, query: RecommendationListQuery): Promise<Page<RecommendationView>> {
    return withTenant(this.dataSource, caller.tenantId, async (manager) => {
      const select = manager
        .getRepository(Recommendation)
        .createQueryBuilder('r')
        .addSelect('r.monthly_saving::text', 'saving_text')
        .where('r.tenant_id = :tenantId', { tenantId: caller.tenantId });
      if (query.kind) select.andWhere('r.kind = :kind', { kind: query.kind });
      if (query.status) select.andWhere('r.status = :status', { status: query.status });
      if (query.resource) select.andWhere('r.resource_urn = :urn', { urn: query.resource });
      if (query.cursor)
        select.andWhere(
          '(r.monthly_saving, r.id) < (CAST(:saving AS numeric), CAST(:id AS uuid))',
          {
            saving: query.cursor.saving,
            id: query.cursor.id,
          },
        );
      const { entities, raw } = await select
        .orderBy('r.monthly_saving', 'DESC')
        .addOrderBy('r.id', 'DESC')
        .limit(query.limit + 1)
        .getRawAndEntities<{ saving_text: string }>();
      const shown = entities.slice(0, query.limit);
      const last = shown[shown.length - 1];
      return {
        items: shown.map(toRecommendationView),
        nextCursor:
          entities.length > query.limit && last
            ? encodeSavingCursor({ saving: raw[shown.length - 1]?.saving_text ?? '0', id: last.id })
            : null,
      };
    });
  }

  get(caller: Principal, id: string): Promise<RecommendationView> {
    return withTenant(this.dataSource, caller.tenantId, async (manager) =>
      toRecommendationView(await findRecommendation(manager, caller.tenantId, id)),
    );
  }
}

/** The caller's recommendation, locked for a change when `lock` is set; 404 when it is not theirs. */
export async function findRecommendation(
  manager: EntityManager,
  tenantId: string,
  id: string,
  lock = false,
): Promise<Recommendation> {
  const select = manager
    .getRepository(Recommendation)
    .createQueryBuilder('r')
    .where('r.tenant_id = :tenantId AND r.id = :id', { tenantId, id });
  if (lock) select.setLock('pessimistic_write');
  const found = await select.getOne();
  if (!found) throw recommendationNotFound(id);
  return found;
}
