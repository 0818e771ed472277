import { randomBytes, randomUUID } from 'node:crypto';

import type { Principal } from '@codex/auth';
import { withTenant } from '@codex/persistence';
import { ProblemException } from '@codex/platform';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

import { AuditLog } from '../audit/audit-log';
import { hashPassword } from '../identity/password-hasher';
import { PlatformUser } from '../identity/platform-user.entity';
import { PLATFORM_TENANT } from './platform-tenant';
import { Tenant } from './tenant.entity';
import { type CreatedTenant, type NewTenant, toTenantView } from './tenant.schemas';

/**
 * A platform operator creates a tenant with its first admin, in one
 * transaction, audited in the new tenant and among the operators.
 */
@Injectable()
export class ProvisionTenant {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditLog,
  ) {}

  async create(operator: Principal, input: NewTenant, sourceIp: string): Promise<CreatedTenant> {
    const generated = input.admin.password ? undefined : randomBytes(18).toString('base64url');
    const passwordHash = await hashPassword(input.admin.password ?? generated ?? '');
    // The operator acts in the new tenant; the operators' own audit entry comes last, in theirs.
    const tenantId = randomUUID();
    return withTenant(this.dataSource, tenantId, async (manager) => {
      const inserted = await manager
        .createQueryBuilder()
        .insert()
        .into(Tenant)
        .values({ id: tenantId, slug: input.slug, name: input.name, status: 'active' })
        .orIgnore()
        .returning(['id'])
        .execute();
      if ((inserted.raw as unknown[]).length === 0) {
        throw new ProblemException(409, 'slug_taken', `a tenant with slug ${input.slug} exists`, {
          errors: [{ field: 'body.slug', message: 'is taken' }],
        });
      }
      const adminId = randomUUID();
      await manager.insert(PlatformUser, {
        id: adminId,
        tenantId,
        email: input.admin.email,
        passwordHash,
        roles: ['admin'],
      });
      const entry = { action: 'tenant.created', actor: operator.subject, sourceIp } as const;
      const details = { tenantId, slug: input.slug, adminId, adminEmail: input.admin.email };
      await this.audit.record({ ...entry, tenantId, details }, manager);
      await withTenant(manager, PLATFORM_TENANT.id, (platform) =>
        this.audit.record({ ...entry, tenantId: PLATFORM_TENANT.id, details }, platform),
      );
      const tenant = await manager.findOneByOrFail(Tenant, { id: tenantId });
      return {
        tenant: toTenantView(tenant),
        admin: {
          id: adminId,
          email: input.admin.email,
          ...(generated ? { password: generated } : {}),
        },
      };
    });
  }
}
