import { type Principal, type Role } from '@codex/auth';
import { withTenant } from '@codex/persistence';
import { ProblemException } from '@codex/platform';
import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';

import { AuditLog } from '../audit/audit-log';
import { PlatformUser } from '../identity/platform-user.entity';
import { TokenRevocations } from '../revocations/token-revocations';
import { RefreshTokens } from '../tokens/refresh-tokens';
import { tenantUser } from './tenant-user';
import { toUserView, type UserChange, type UserView } from './user.schemas';

/** Serializes changes to one tenant's users, so two admins cannot demote each other at once. */
const USER_CHANGES_LOCK = 'hall-of-faces:user-changes:';

/**
 * An admin changes a user's roles or disables them. Nobody demotes or disables
 * themselves, and a tenant always keeps an enabled admin. The user's tokens
 * stop working at once (their next token carries the new roles); a disabled
 * user's sessions end.
 */
@Injectable()
export class UpdateUser {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditLog,
    private readonly revocations: TokenRevocations,
    private readonly refreshTokens: RefreshTokens,
  ) {}

  async update(
    admin: Principal,
    id: string,
    change: UserChange,
    sourceIp: string,
  ): Promise<UserView> {
    const updated = await withTenant(this.dataSource, admin.tenantId, async (manager) => {
      await manager.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [
        `${USER_CHANGES_LOCK}${admin.tenantId}`,
      ]);
      const user = await tenantUser(manager, admin.tenantId, id);
      const before = toUserView(user);
      const roles = change.roles ?? before.roles;
      const rolesChanged = roles.join() !== before.roles.join();
      const disables = change.disabled === true && user.disabledAt === null;
      const enables = change.disabled === false && user.disabledAt !== null;
      const losesAdmin =
        before.roles.includes('admin') &&
        before.disabledAt === null &&
        (disables || !roles.includes('admin'));
      if (losesAdmin) await this.refuseLosingAdmin(manager, admin, user);

      const entry = { tenantId: admin.tenantId, actor: admin.subject, sourceIp };
      if (rolesChanged) {
        await manager.update(PlatformUser, { id: user.id }, { roles });
        await this.audit.record(
          {
            ...entry,
            action: 'user.role_changed',
            details: { userId: user.id, from: before.roles, to: roles },
          },
          manager,
        );
      }
      if (disables || enables) {
        await manager.update(
          PlatformUser,
          { id: user.id },
          { disabledAt: disables ? () => 'now()' : null },
        );
        await this.audit.record(
          {
            ...entry,
            action: disables ? 'user.disabled' : 'user.enabled',
            details: { userId: user.id },
          },
          manager,
        );
      }
      if (rolesChanged || disables) {
        await this.revocations.revokeTokensOf(manager, admin.tenantId, [user.id]);
      }
      if (disables) await this.refreshTokens.revokeForUser(manager, admin.tenantId, user.id);
      return toUserView(await manager.findOneByOrFail(PlatformUser, { id: user.id }));
    });
    await this.revocations.publishPending();
    return updated;
  }

  private async refuseLosingAdmin(
    manager: EntityManager,
    admin: Principal,
    user: PlatformUser,
  ): Promise<void> {
    if (user.id === admin.person) {
      throw new ProblemException(
        409,
        'self_demotion',
        'you cannot remove your own admin role or disable yourself; ask another admin',
      );
    }
    const otherAdmins = await manager
      .getRepository(PlatformUser)
      .createQueryBuilder('member')
      .where('member.tenant_id = :tenantId', { tenantId: user.tenantId })
      .andWhere('member.id <> :id', { id: user.id })
      .andWhere(':role = ANY(member.roles)', { role: 'admin' satisfies Role })
      .andWhere('member.disabled_at IS NULL')
      .getCount();
    if (otherAdmins === 0) {
      throw new ProblemException(
        409,
        'last_admin',
        'this is the last enabled admin of the tenant; make another user admin first',
      );
    }
  }
}
