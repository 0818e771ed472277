import { randomUUID } from 'node:crypto';

import type { Principal } from '@codex/auth';
import { withTenant } from '@codex/persistence';
import { ProblemException } from '@codex/platform';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

import { AuditLog } from '../audit/audit-log';
import { hashPassword } from '../identity/password-hasher';
import { PlatformUser } from '../identity/platform-user.entity';
import { Tenant } from '../tenants/tenant.entity';
import { isGuid } from './tenant-user';
import type { NewUser, UserView } from './user.schemas';

/** An admin adds a person who signs in with the built-in issuer to their own tenant. */
@Injectable()
export class CreateUser {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditLog,
  ) {}

  async create(admin: Principal, input: NewUser, sourceIp: string): Promise<UserView> {
    const tenantKnown =
      isGuid(admin.tenantId) &&
      (await this.dataSource.getRepository(Tenant).existsBy({ id: admin.tenantId }));
    if (!tenantKnown) {
      throw new ProblemException(
        409,
        'external_tenant',
        "this tenant's users are managed by its identity provider",
      );
    }
    const passwordHash = await hashPassword(input.password);
    return withTenant(this.dataSource, admin.tenantId, async (manager) => {
      const id = randomUUID();
      const inserted = await manager
        .createQueryBuilder()
        .insert()
        .into(PlatformUser)
        .values({
          id,
          tenantId: admin.tenantId,
          email: input.email,
          passwordHash,
          roles: input.roles,
        })
        .orIgnore()
        .returning(['created_at'])
        .execute();
      const createdAt = (inserted.raw as { created_at: Date }[])[0]?.created_at;
      if (!createdAt) {
        throw new ProblemException(409, 'user_exists', `a user with email ${input.email} exists`);
      }
      await this.audit.record(
        {
          tenantId: admin.tenantId,
          action: 'user.created',
          actor: admin.subject,
          sourceIp,
          details: { userId: id, email: input.email, roles: input.roles },
        },
        manager,
      );
      return {
        id,
        email: input.email,
        roles: input.roles,
        createdAt: createdAt.toISOString(),
        disabledAt: null,
      };
    });
  }
}
