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
  type ApiKeyListQuery,
  apiKeyListQuery,
  type ApiKeyPage,
  apiKeyPage,
  type CreatedApiKey,
  createdApiKey,
  type NewApiKey,
  newApiKey,
} from './api-key.schemas';
import { ApiKeys } from './api-keys.service';

@ApiTags('identity')
@Controller(`${IDENTITY_API}/api-keys`)
@RequireRole('admin')
export class ApiKeysController {
  constructor(private readonly keys: ApiKeys) {}

  @Post()
  @HttpCode(201)
  @ApiOperation({
    summary: 'Creates an API key; its secret is shown once',
    description:
      'Trade the key for an access token at /oauth/token (urn:codex:grant-type:api-key).',
  })
  @ApiBody({ schema: openApiSchema(newApiKey) })
  @ApiCreatedResponse({ schema: openApiSchema(createdApiKey) })
  create(
    @CurrentPrincipal() admin: Principal,
    @Body(new Validated(newApiKey, 'body')) body: NewApiKey,
    @Ip() ip: string,
  ): Promise<CreatedApiKey> {
    return this.keys.create(admin, body, ip);
  }

  @Get()
  @ApiOperation({ summary: "The tenant's API keys, newest first, revoked ones included" })
  @ApiQueryFrom(apiKeyListQuery)
  @ApiOkResponse({ schema: openApiSchema(apiKeyPage) })
  list(
    @CurrentPrincipal() admin: Principal,
    @Query(new Validated(apiKeyListQuery, 'query')) query: ApiKeyListQuery,
  ): Promise<ApiKeyPage> {
    return this.keys.list(admin, query);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({
    summary: 'Revokes an API key: it gets no new tokens, and those it has stop working',
  })
  @ApiNoContentResponse()
  revoke(
    @CurrentPrincipal() admin: Principal,
    @Param('id') id: string,
    @Ip() ip: string,
  ): Promise<void> {
    return this.keys.revoke(admin, id, ip);
  }
}
