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
  @ApiOperation({
    summary: 'Connects an AWS account or an Azure subscription after verifying its credentials',
    description:
      'AWS: the key pair or the role (assumed with its external id) is verified with STS, which names the account. ' +
      'Azure: the service principal (tenantId, clientId, and a client secret or a certificate with its private key) gets a token from Entra ID and reads the subscription from Resource Manager, which must answer it Enabled. ' +
      "A refusal answers 422 account_verification_failed with the provider's code (e.g. AADSTS7000215, SubscriptionNotFound, AuthorizationFailed) and message; an account the tenant already connected answers 409 account_exists. " +
      'The secret is stored and published only sealed, and never shown again.',
  })
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
