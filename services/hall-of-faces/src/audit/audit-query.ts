import type { Principal } from '@codex/auth';
import { withTenant } from '@codex/persistence';
import { cursorTimeSql, toPage } from '@codex/platform';
import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';

import { AuditEvent } from './audit-event.entity';
import { EVERY_TENANT } from './audit-log';
import type { AuditPage, AuditQuery } from './audit-query.schemas';

interface AuditRow {
  id: string;
  action: string;
  actor: string;
  source_ip: string;
  details: Record<string, unknown>;
  occurred_at: Date;
  cursor_at: string;
}

/** An admin reads their tenant's audit trail, with the platform-wide entries, newest first, a page at a time. */
@Injectable()
export class AuditQueries {
  constructor(private readonly dataSource: DataSource) {}

  async find(admin: Principal, query: AuditQuery): Promise<AuditPage> {
    const rows = await withTenant(this.dataSource, admin.tenantId, (manager) =>
      this.page(manager, admin, query),
    );
    return toPage(
      rows,
      query.limit,
      (row) => ({ at: row.cursor_at, id: row.id }),
      (row) => ({
        id: row.id,
        action: row.action,
        actor: row.actor,
        sourceIp: row.source_ip,
        details: row.details,
        occurredAt: row.occurred_at.toISOString(),
      }),
    );
  }

  private page(manager: EntityManager, admin: Principal, query: AuditQuery): Promise<AuditRow[]> {
    const select = manager
      .getRepository(AuditEvent)
      .createQueryBuilder('event')
      .select('event.id', 'id')
      .addSelect('event.action', 'action')
      .addSelect('event.actor', 'actor')
      .addSelect('event.source_ip', 'source_ip')
      .addSelect('event.details', 'details')
      .addSelect('event.occurred_at', 'occurred_at')
      .addSelect(cursorTimeSql('event.occurred_at'), 'cursor_at')
      .where('event.tenant_id IN (:tenantId, :everyTenant)', {
        tenantId: admin.tenantId,
        everyTenant: EVERY_TENANT,
      });
    if (query.action) select.andWhere('event.action = :action', { action: query.action });
    if (query.actor) select.andWhere('event.actor = :actor', { actor: query.actor });
    if (query.since) {
      select.andWhere('event.occurred_at >= CAST(:since AS timestamptz)', { since: query.since });
    }
    if (query.until) {
      select.andWhere('event.occurred_at < CAST(:until AS timestamptz)', { until: query.until });
    }
    if (query.cursor) {
      select.andWhere(
        '(event.occurred_at, event.id) < (CAST(:cursorAt AS timestamptz), CAST(:cursorId AS uuid))',
        { cursorAt: query.cursor.at, cursorId: query.cursor.id },
      );
    }
    return select
      .orderBy('event.occurred_at', 'DESC')
      .addOrderBy('event.id', 'DESC')
      .limit(query.limit + 1)
      .getRawMany<AuditRow>();
  }
}
