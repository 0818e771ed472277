import { Module } from '@nestjs/common';

import { AuditModule } from '../audit/audit.module';
import { RevocationsModule } from '../revocations/revocations.module';
import { ProvisionTenant } from './provision-tenant';
import { TenantDirectory } from './tenant-directory';
import { TenantLifecycle } from './tenant-lifecycle';
import { TenantsController } from './tenants.controller';

@Module({
  imports: [AuditModule, RevocationsModule],
  controllers: [TenantsController],
  providers: [ProvisionTenant, TenantDirectory, TenantLifecycle],
})
export class TenantsModule {}
