import { CurrentPrincipal, type Principal, RequireRole } from '@codex/auth';
import { ApiQueryFrom, openApiSchema, Validated } from '@codex/platform';
import { Body, Controller, Delete, Get, HttpCode, Ip, Param, Post, Query } from '@nestjs/common';
import {
  ApiBody,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';

import { IDENTITY_API } from '../http/identity-api';
import {
  type ClientListQuery,
  clientListQuery,
  type ClientPage,
  clientPage,
  type CreatedClient,
  createdClient,
  type NewClient,
  newClient,
} from './machine-client.schemas';
import { MachineClients } from './machine-clients.service';

@ApiTags('identity')
@Controller(`${IDENTITY_API}/machine-clients`)
@RequireRole('admin')
export class MachineClientsController {
  constructor(private readonly clients: MachineClients) {}

  @Post()
  @HttpCode(201)
  @ApiOperation({
    summary: 'Creates a machine client (client-credentials grant); its secret is shown once',
  })
  @ApiBody({ schema: openApiSchema(newClient) })
  @ApiCreatedResponse({ schema: openApiSchema(createdClient) })
  create(
    @CurrentPrincipal() admin: Principal,
    @Body(new Validated(newClient, 'body')) body: NewClient,
    @Ip() ip: string,
  ): Promise<CreatedClient> {
    return this.clients.create(admin, body, ip);
  }

  @Get()
  @ApiOperation({ summary: "The tenant's machine clients, newest first, revoked ones included" })
  @ApiQueryFrom(clientListQuery)
  @ApiOkResponse({ schema: openApiSchema(clientPage) })
  list(
    @CurrentPrincipal() admin: Principal,
    @Query(new Validated(clientListQuery, 'query')) query: ClientListQuery,
  ): Promise<ClientPage> {
    return this.clients.list(admin, query);
  }

  @Delete(':clientId')
  @HttpCode(204)
  @ApiOperation({ summary: 'Revokes a machine client: it gets no new tokens' })
  @ApiNoContentResponse()
  revoke(
    @CurrentPrincipal() admin: Principal,
    @Param('clientId') clientId: string,
    @Ip() ip: string,
  ): Promise<void> {
    return this.clients.revoke(admin, clientId, ip);
  }
}
