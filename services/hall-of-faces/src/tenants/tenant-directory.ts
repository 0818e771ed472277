import { cursorTimeSql, NotFoundProblem, toPage } from '@codex/platform';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

import { isGuid } from '../users/tenant-user';
import { PLATFORM_TENANT } from './platform-tenant';
import { Tenant } from './tenant.entity';
import {
  type TenantListQuery,
  type TenantPage,
  type TenantView,
  toTenantView,
} from './tenant.schemas';

/** Platform operators look up the customer tenants, oldest first. */
@Injectable()
export class TenantDirectory {
  constructor(private readonly dataSource: DataSource) {}

  async list(query: TenantListQuery): Promise<TenantPage> {
    const select = this.dataSource
      .getRepository(Tenant)
      .createQueryBuilder('tenant')
      .addSelect(cursorTimeSql('tenant.created_at'), 'cursor_at')
      .where('tenant.id <> :platform', { platform: PLATFORM_TENANT.id });
    if (query.status) select.andWhere('tenant.status = :status', { status: query.status });
    if (query.cursor) {
      select.andWhere(
        '(tenant.created_at, tenant.id) > (CAST(:cursorAt AS timestamptz), CAST(:cursorId AS uuid))',
        { cursorAt: query.cursor.at, cursorId: query.cursor.id },
      );
    }
    const { entities, raw } = await select
      .orderBy('tenant.created_at', 'ASC')
      .addOrderBy('tenant.id', 'ASC')
      .limit(query.limit + 1)
      .getRawAndEntities<{ cursor_at: string }>();
    const rows = entities.map((tenant, i) => ({ tenant, cursorAt: raw[i]?.cursor_at ?? '' }));
    return toPage(
      rows,
      query.limit,
      (row) => ({ at: row.cursorAt, id: row.tenant.id }),
      (row) => toTenantView(row.tenant),
    );
  }

  async get(id: string): Promise<TenantView> {
    const tenant =
      isGuid(id) && id !== PLATFORM_TENANT.id
        ? await this.dataSource.getRepository(Tenant).findOneBy({ id })
        : null;
    if (!tenant) throw new NotFoundProblem(`tenant ${id}`);
    return toTenantView(tenant);
  }
}
