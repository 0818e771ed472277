import { AuthGuard, CurrentPrincipal, type Principal, RequireRole } from '@codex/auth';
import { Body, Controller, HttpCode, Ip, Param, Post, UseGuards } from '@nestjs/common';

import { type CreatedClient, MachineClients } from './machine-clients.service';

@Controller('admin/clients')
@UseGuards(AuthGuard)
@RequireRole('admin')
export class MachineClientsController {
  constructor(private readonly clients: MachineClients) {}

  @Post()
  @HttpCode(201)
  create(
    @CurrentPrincipal() admin: Principal,
    @Body() body: unknown,
    @Ip() ip: string,
  ): Promise<CreatedClient> {
    return this.clients.create(admin, body, ip);
  }

  @Post(':clientId/revoke')
  @HttpCode(204)
  revoke(
    @CurrentPrincipal() admin: Principal,
    @Param('clientId') clientId: string,
    @Ip() ip: string,
  ): Promise<void> {
    return this.clients.revoke(admin, clientId, ip);
  }
}
