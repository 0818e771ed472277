import { randomUUID } from 'node:crypto';

import { PLATFORM_OPERATOR } from '@codex/auth';
import { withTenant } from '@codex/persistence';
import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { DataSource } from 'typeorm';

import { AuditLog } from '../audit/audit-log';
import type { IssuerConfig } from '../config';
import { ISSUER_CONFIG } from '../issuer-config.token';
import { PLATFORM_TENANT } from '../tenants/platform-tenant';
import { Tenant } from '../tenants/tenant.entity';
import { hashPassword } from './password-hasher';
import { PlatformUser } from './platform-user.entity';

/** On start, makes sure the operators' tenant exists, and the configured operator in it. */
@Injectable()
export class OperatorBootstrap implements OnApplicationBootstrap {
  private readonly logger = new Logger(OperatorBootstrap.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditLog,
    @Inject(ISSUER_CONFIG) private readonly config: IssuerConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const operator = this.config.operator;
    await withTenant(this.dataSource, PLATFORM_TENANT.id, async (manager) => {
      await manager
        .createQueryBuilder()
        .insert()
        .into(Tenant)
        .values({ ...PLATFORM_TENANT, status: 'active' })
        .orIgnore()
        .execute();
      if (!operator) return;
      const id = randomUUID();
      const inserted = await manager
        .createQueryBuilder()
        .insert()
        .into(PlatformUser)
        .values({
          id,
          tenantId: PLATFORM_TENANT.id,
          email: operator.email.trim().toLowerCase(),
          passwordHash: await hashPassword(operator.password),
          roles: [PLATFORM_OPERATOR],
        })
        .orIgnore()
        .returning(['id'])
        .execute();
      if ((inserted.raw as unknown[]).length === 0) return;
      await this.audit.record(
        {
          tenantId: PLATFORM_TENANT.id,
          action: 'operator.bootstrapped',
          actor: 'configuration',
          sourceIp: '',
          details: { operatorId: id },
        },
        manager,
      );
      this.logger.log(`created platform operator ${operator.email}`);
    });
  }
}
