import type { Principal } from '@codex/auth';
import { withTenant } from '@codex/persistence';
import { NotFoundProblem } from '@codex/platform';
import { cursorTimeSql, toPage } from '@codex/platform';
import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';

import {
  type AccountListQuery,
  type AccountPage,
  type AccountView,
  toAccountView,
} from './api/account.schemas';
import { CloudAccount } from './cloud-account.entity';

/**
 * One account of the tenant, or 404: another tenant's account does not exist for the caller.
 * `id` is a UUID (the controller's UuidParam); `manager` is a transaction in the tenant's scope
 * (withTenant).
 */
export async function tenantAccount(
  manager: EntityManager,
  tenantId: string,
  id: string,
  options: { lock?: boolean } = {},
): Promise<CloudAccount> {
  const account = await manager.getRepository(CloudAccount).findOne({
    where: { id, tenantId },
    ...(options.lock ? { lock: { mode: 'pessimistic_write' as const } } : {}),
  });
  if (!account) throw new NotFoundProblem(`account ${id}`);
  return account;
}

/** Anyone in a tenant looks up its accounts, oldest first. */
@Injectable()
export class AccountDirectory {
  constructor(private readonly dataSource: DataSource) {}

  list(caller: Principal, query: AccountListQuery): Promise<AccountPage> {
    return withTenant(this.dataSource, caller.tenantId, (manager) =>
      this.page(manager, caller, query),
    );
  }

  private async page(
    manager: EntityManager,
    caller: Principal,
    query: AccountListQuery,
  ): Promise<AccountPage> {
    const select = manager
      .getRepository(CloudAccount)
      .createQueryBuilder('account')
      .addSelect(cursorTimeSql('account.created_at'), 'cursor_at')
      .where('account.tenant_id = :tenantId', { tenantId: caller.tenantId });
    if (query.status) select.andWhere('account.status = :status', { status: query.status });
    if (query.cursor) {
      select.andWhere(
        '(account.created_at, account.id) > (CAST(:cursorAt AS timestamptz), CAST(:cursorId AS uuid))',
        { cursorAt: query.cursor.at, cursorId: query.cursor.id },
      );
    }
    const { entities, raw } = await select
      .orderBy('account.created_at', 'ASC')
      .addOrderBy('account.id', 'ASC')
      .limit(query.limit + 1)
      .getRawAndEntities<{ cursor_at: string }>();
    const rows = entities.map((account, index) => ({
      account,
      cursorAt: raw[index]?.cursor_at ?? '',
    }));
    return toPage(
      rows,
      query.limit,
      (row) => ({ at: row.cursorAt, id: row.account.id }),
      (row) => toAccountView(row.account),
    );
  }

  async get(caller: Principal, id: string): Promise<AccountView> {
    return toAccountView(
      await withTenant(this.dataSource, caller.tenantId, (manager) =>
        tenantAccount(manager, caller.tenantId, id),
      ),
    );
  }
}
