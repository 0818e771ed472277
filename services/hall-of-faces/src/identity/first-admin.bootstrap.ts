import { randomUUID } from 'node:crypto';

import { withTenant } from '@codex/persistence';
import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { DataSource } from 'typeorm';

import { AuditLog } from '../audit/audit-log';
import type { IssuerConfig } from '../config';
import { ISSUER_CONFIG } from '../issuer-config.token';
import { Tenant } from '../tenants/tenant.entity';
import { hashPassword } from './password-hasher';
import { PlatformUser } from './platform-user.entity';

/** On first start, creates the configured tenant and its first admin; later starts leave them alone. */
@Injectable()
export class FirstAdminBootstrap implements OnApplicationBootstrap {
  private readonly logger = new Logger(FirstAdminBootstrap.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditLog,
    @Inject(ISSUER_CONFIG) private readonly config: IssuerConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const bootstrap = this.config.bootstrap;
    if (!bootstrap) return;
    const passwordHash = await hashPassword(bootstrap.adminPassword);
    const tenantId = randomUUID();
    await withTenant(this.dataSource, tenantId, async (manager) => {
      const inserted = await manager
        .createQueryBuilder()
        .insert()
        .into(Tenant)
        .values({ id: tenantId, slug: bootstrap.tenantSlug, name: bootstrap.tenantSlug })
        .orIgnore()
        .returning(['id'])
        .execute();
      if ((inserted.raw as unknown[]).length === 0) return;
      const adminId = randomUUID();
      await manager.insert(PlatformUser, {
        id: adminId,
        tenantId,
        email: bootstrap.adminEmail.trim().toLowerCase(),
        passwordHash,
        roles: ['admin'],
      });
      await this.audit.record(
        {
          tenantId,
          action: 'tenant.bootstrapped',
          actor: 'configuration',
          sourceIp: '',
          details: { adminId },
        },
        manager,
      );
      this.logger.log(
        `created tenant ${bootstrap.tenantSlug} and its first admin ${bootstrap.adminEmail}`,
      );
    });
  }
}
