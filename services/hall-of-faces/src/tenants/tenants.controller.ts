import { CurrentPrincipal, PLATFORM_OPERATOR, type Principal, RequireRole } from '@codex/auth';
import { ApiQueryFrom, openApiSchema, Validated } from '@codex/platform';
import { Body, Controller, Delete, Get, HttpCode, Ip, Param, Post, Query } from '@nestjs/common';
import { ApiBody, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';

import { IDENTITY_API } from '../http/identity-api';
import { ProvisionTenant } from './provision-tenant';
import {
  type CreatedTenant,
  createdTenant,
  type NewTenant,
  newTenant,
  type StatusChange,
  statusChange,
  type TenantListQuery,
  tenantListQuery,
  type TenantPage,
  tenantPage,
  type TenantView,
  tenantView,
} from './tenant.schemas';
import { TenantDirectory } from './tenant-directory';
import { TenantLifecycle } from './tenant-lifecycle';

@ApiTags('identity')
@Controller(`${IDENTITY_API}/tenants`)
@RequireRole(PLATFORM_OPERATOR)
export class TenantsController {
  constructor(
    private readonly provisioning: ProvisionTenant,
    private readonly directory: TenantDirectory,
    private readonly lifecycle: TenantLifecycle,
  ) {}

  @Post()
  @HttpCode(201)
  @ApiOperation({ summary: 'Creates a tenant and its first admin (platform operators only)' })
  @ApiBody({ schema: openApiSchema(newTenant) })
  @ApiCreatedResponse({ schema: openApiSchema(createdTenant) })
  create(
    @CurrentPrincipal() operator: Principal,
    @Body(new Validated(newTenant, 'body')) body: NewTenant,
    @Ip() ip: string,
  ): Promise<CreatedTenant> {
    return this.provisioning.create(operator, body, ip);
  }

  @Get()
  @ApiOperation({ summary: 'The customer tenants, oldest first' })
  @ApiQueryFrom(tenantListQuery)
  @ApiOkResponse({ schema: openApiSchema(tenantPage) })
  list(
    @Query(new Validated(tenantListQuery, 'query')) query: TenantListQuery,
  ): Promise<TenantPage> {
    return this.directory.list(query);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One tenant' })
  @ApiOkResponse({ schema: openApiSchema(tenantView) })
  get(@Param('id') id: string): Promise<TenantView> {
    return this.directory.get(id);
  }

  @Post(':id/suspension')
  @HttpCode(200)
  @ApiOperation({ summary: 'Suspends a tenant: its tokens and keys stop working at once' })
  @ApiBody({ schema: openApiSchema(statusChange) })
  @ApiOkResponse({ schema: openApiSchema(tenantView) })
  suspend(
    @CurrentPrincipal() operator: Principal,
    @Param('id') id: string,
    @Body(new Validated(statusChange, 'body')) body: StatusChange,
    @Ip() ip: string,
  ): Promise<TenantView> {
    return this.lifecycle.change(operator, id, 'suspend', body, ip);
  }

  @Delete(':id/suspension')
  @HttpCode(200)
  @ApiOperation({ summary: 'Resumes a suspended tenant; its people sign in again' })
  @ApiOkResponse({ schema: openApiSchema(tenantView) })
  resume(
    @CurrentPrincipal() operator: Principal,
    @Param('id') id: string,
    @Ip() ip: string,
  ): Promise<TenantView> {
    return this.lifecycle.change(operator, id, 'resume', {}, ip);
  }

  @Delete(':id')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Deletes a tenant: every token, key, client and session of it stops for good',
  })
  @ApiOkResponse({ schema: openApiSchema(tenantView) })
  remove(
    @CurrentPrincipal() operator: Principal,
    @Param('id') id: string,
    @Ip() ip: string,
  ): Promise<TenantView> {
    return this.lifecycle.change(operator, id, 'delete', {}, ip);
  }
}
