import { CurrentPrincipal, type Principal, RequireRole } from '@codex/auth';
import { ApiQueryFrom, openApiSchema, UuidParam, Validated } from '@codex/platform';
import { Body, Controller, Delete, Get, HttpCode, Post, Query } from '@nestjs/common';
import {
  ApiBody,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';

import { AccountDirectory } from '../account-directory';
import { ConnectAccount } from '../connect-account';
import { DisconnectAccount } from '../disconnect-account';
import {
  type AccountListQuery,
  accountListQuery,
  type AccountPage,
  accountPage,
  type AccountView,
  accountView,
  type NewAccount,
  newAccount,
} from './account.schemas';

@ApiTags('accounts')
@Controller('api/v1/accounts')
@RequireRole('viewer')
export class AccountsController {
  constructor(
    private readonly directory: AccountDirectory,
    private readonly connection: ConnectAccount,
    private readonly disconnection: DisconnectAccount,
  ) {}

  @Post()
  @RequireRole('admin')
  @HttpCode(201)
  @ApiOperation({ summary: 'Connects an AWS account after verifying its credentials with STS' })
  @ApiBody({ schema: openApiSchema(newAccount) })
  @ApiCreatedResponse({ schema: openApiSchema(accountView) })
  create(
    @CurrentPrincipal() admin: Principal,
    @Body(new Validated(newAccount, 'body')) body: NewAccount,
  ): Promise<AccountView> {
    return this.connection.connect(admin, body);
  }

  @Get()
  @ApiOperation({ summary: "The tenant's accounts, oldest first" })
  @ApiQueryFrom(accountListQuery)
  @ApiOkResponse({ schema: openApiSchema(accountPage) })
  list(
    @CurrentPrincipal() caller: Principal,
    @Query(new Validated(accountListQuery, 'query')) query: AccountListQuery,
  ): Promise<AccountPage> {
    return this.directory.list(caller, query);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One account of the tenant' })
  @ApiOkResponse({ schema: openApiSchema(accountView) })
  get(
    @CurrentPrincipal() caller: Principal,
    @UuidParam('id', 'account') id: string,
  ): Promise<AccountView> {
    return this.directory.get(caller, id);
  }

  @Delete(':id')
  @RequireRole('admin')
  @HttpCode(204)
  @ApiOperation({ summary: 'Disconnects an account and erases its credentials' })
  @ApiNoContentResponse()
  remove(
    @CurrentPrincipal() admin: Principal,
    @UuidParam('id', 'account') id: string,
  ): Promise<void> {
    return this.disconnection.disconnect(admin, id);
  }
}
