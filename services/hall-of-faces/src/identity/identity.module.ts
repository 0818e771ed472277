import { Module } from '@nestjs/common';

import { AuditModule } from '../audit/audit.module';
import { FirstAdminBootstrap } from './first-admin.bootstrap';
import { MeController } from './me.controller';
import { OperatorBootstrap } from './operator.bootstrap';

/** The caller's own identity, and the first admin and operator created at start-up. */
@Module({
  imports: [AuditModule],
  controllers: [MeController],
  providers: [FirstAdminBootstrap, OperatorBootstrap],
})
export class IdentityModule {}
