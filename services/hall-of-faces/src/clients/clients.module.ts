import { Module } from '@nestjs/common';

import { AuditModule } from '../audit/audit.module';
import { RevocationsModule } from '../revocations/revocations.module';
import { MachineClientsController } from './machine-clients.controller';
import { MachineClients } from './machine-clients.service';

@Module({
  imports: [AuditModule, RevocationsModule],
  controllers: [MachineClientsController],
  providers: [MachineClients],
})
export class ClientsModule {}
