import { Module } from '@nestjs/common';

import { AuditLog } from './audit-log';
import { AuditQueries } from './audit-query';
import { AuditQueryController } from './audit-query.controller';

@Module({
  controllers: [AuditQueryController],
  providers: [AuditLog, AuditQueries],
  exports: [AuditLog],
})
export class AuditModule {}
