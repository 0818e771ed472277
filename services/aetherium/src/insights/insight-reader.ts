import type { Principal } from '@codex/auth';
import { withTenant } from '@codex/persistence';
import { keysetPage, NotFoundProblem, type Page } from '@codex/platform';
import type { DataSource } from 'typeorm';

import { type InsightListQuery, type InsightView, toInsightView } from './api/insight.schemas';
import { Insight } from './insight.entity';

/** Reads the caller's tenant's insights, newest first. */
export class InsightReader {
  constructor(private readonly dataSource: DataSource) {}

  list(caller: Principal, query: InsightListQuery): Promise<Page<InsightView>> {
    return withTenant(this.dataSource, caller.tenantId, (manager) => {
      const select = manager
        .getRepository(Insight)
        .createQueryBuilder('insight')
        .where('insight.tenant_id = :tenantId', { tenantId: caller.tenantId });
      const filters = {
        kind: query.kind,
        severity: query.severity,
        subject_urn: query.subject,
        type: query.type,
        status: query.status,
      };
      for (const [column, value] of Object.entries(filters)) {
        if (value !== undefined)
          select.andWhere(`insight.${column} = :${column}`, { [column]: value });
      }
      if (query.since) select.andWhere('insight.generated_at >= :since', { since: query.since });
      return keysetPage(
        select,
        {
          alias: 'insight',
          timeColumn: 'generated_at',
          idColumn: 'id',
          idProperty: 'id',
          direction: 'DESC',
        },
        query,
        toInsightView,
      );
    });
  }

  get(caller: Principal, id: string): Promise<InsightView> {
    return withTenant(this.dataSource, caller.tenantId, async (manager) => {
      const insight = await manager.findOneBy(Insight, { tenantId: caller.tenantId, id });
      if (!insight) throw new NotFoundProblem(`insight ${id}`);
      return toInsightView(insight);
    });
  }
}
