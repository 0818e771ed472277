import type { Principal } from '@codex/auth';
import { withTenant } from '@codex/persistence';
import { cursorTimeSql, toPage } from '@codex/platform';
import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';

import { PlatformUser } from '../identity/platform-user.entity';
import { isGuid, tenantUser } from './tenant-user';
import { toUserView, type UserListQuery, type UserPage, type UserView } from './user.schemas';

interface UserRow {
  id: string;
  email: string;
  roles: string[];
  created_at: Date;
  disabled_at: Date | null;
  cursor_at: string;
}

/** An admin looks up the users of their own tenant, oldest first. */
@Injectable()
export class UserDirectory {
  constructor(private readonly dataSource: DataSource) {}

  async list(admin: Principal, query: UserListQuery): Promise<UserPage> {
    // A tenant of an external identity provider has no users here.
    if (!isGuid(admin.tenantId)) return { items: [], nextCursor: null };
    const rows = await withTenant(this.dataSource, admin.tenantId, (manager) =>
      this.page(manager, admin, query),
    );
    return toPage(
      rows,
      query.limit,
      (row) => ({ at: row.cursor_at, id: row.id }),
      (row) =>
        toUserView({
          id: row.id,
          email: row.email,
          roles: row.roles,
          createdAt: row.created_at,
          disabledAt: row.disabled_at,
        }),
    );
  }

  async get(admin: Principal, id: string): Promise<UserView> {
    return toUserView(
      await withTenant(this.dataSource, admin.tenantId, (manager) =>
        tenantUser(manager, admin.tenantId, id),
      ),
    );
  }

  private page(manager: EntityManager, admin: Principal, query: UserListQuery): Promise<UserRow[]> {
    const select = manager
      .getRepository(PlatformUser)
      .createQueryBuilder('member')
      .select('member.id', 'id')
      .addSelect('member.email', 'email')
      .addSelect('member.roles', 'roles')
      .addSelect('member.created_at', 'created_at')
      .addSelect('member.disabled_at', 'disabled_at')
      .addSelect(cursorTimeSql('member.created_at'), 'cursor_at')
      .where('member.tenant_id = :tenantId', { tenantId: admin.tenantId });
    if (query.cursor) {
      select.andWhere(
        '(member.created_at, member.id) > (CAST(:cursorAt AS timestamptz), CAST(:cursorId AS uuid))',
        { cursorAt: query.cursor.at, cursorId: query.cursor.id },
      );
    }
    return select
      .orderBy('member.created_at', 'ASC')
      .addOrderBy('member.id', 'ASC')
      .limit(query.limit + 1)
      .getRawMany<UserRow>();
  }
}
