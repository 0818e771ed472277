import { Module } from '@nestjs/common';

import { AuditModule } from '../audit/audit.module';
import { RevocationsModule } from '../revocations/revocations.module';
import { ApiKeysController } from './api-keys.controller';
import { ApiKeys } from './api-keys.service';

@Module({
  imports: [AuditModule, RevocationsModule],
  controllers: [ApiKeysController],
  providers: [ApiKeys],
})
export class ApiKeysModule {}
