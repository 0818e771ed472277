import { keysetPage, NotFoundProblem } from '@codex/platform';
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

  list(query: TenantListQuery): Promise<TenantPage> {
    const select = this.dataSource
      .getRepository(Tenant)
      .createQueryBuilder('tenant')
      .where('tenant.id <> :platform', { platform: PLATFORM_TENANT.id });
    if (query.status) select.andWhere('tenant.status = :status', { status: query.status });
    return keysetPage(
      select,
      {
        alias: 'tenant',
        timeColumn: 'created_at',
        idColumn: 'id',
        idProperty: 'id',
        idCast: 'uuid',
        direction: 'ASC',
      },
      query,
      toTenantView,
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
