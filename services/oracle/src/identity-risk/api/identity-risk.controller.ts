import { CurrentPrincipal, type Principal, RequireRole } from '@codex/auth';
import { withTenant } from '@codex/persistence';
import { ApiQueryFrom, openApiSchema, type Page, Validated } from '@codex/platform';
import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { DataSource } from 'typeorm';

import {
  type IdentityListQuery,
  identityListQuery,
  type IdentityRiskList,
  identityRiskList,
  signalList,
  type SignalListQuery,
  signalListQuery,
  type SignalView,
  type SourceList,
  sourceList,
} from './identity-risk.schemas';
import { IdentityRiskReader, sourceProgress } from './identity-risk-reader';

@ApiTags('identity-risk')
@Controller('api/v1/identity-risk')
@RequireRole('viewer')
export class IdentityRiskController {
  constructor(
    private readonly dataSource: DataSource,
    private readonly reader: IdentityRiskReader,
  ) {}

  @Get('signals')
  @ApiOperation({
    summary: 'Sign-in risk signals, newest first',
    description:
      'Impossible travel, failure bursts, password sprays, new countries or devices and dormant admins signing in again, found in the identity providers’ sign-ins (ADR 24).',
  })
  @ApiQueryFrom(signalListQuery)
  @ApiOkResponse({ schema: openApiSchema(signalList) })
  signals(
    @CurrentPrincipal() caller: Principal,
    @Query(new Validated(signalListQuery, 'query')) query: SignalListQuery,
  ): Promise<Page<SignalView>> {
    return withTenant(this.dataSource, caller.tenantId, (manager) =>
      this.reader.signals(manager, query),
    );
  }

  @Get('sources')
  @ApiOperation({ summary: 'The directories whose sign-ins were read, and how many' })
  @ApiOkResponse({ schema: openApiSchema(sourceList) })
  sources(@CurrentPrincipal() caller: Principal): Promise<SourceList> {
    return withTenant(this.dataSource, caller.tenantId, sourceProgress);
  }

  @Get('identities')
  @ApiOperation({ summary: 'Accounts by sign-in risk now, highest first' })
  @ApiQueryFrom(identityListQuery)
  @ApiOkResponse({ schema: openApiSchema(identityRiskList) })
  identities(
    @CurrentPrincipal() caller: Principal,
    @Query(new Validated(identityListQuery, 'query')) query: IdentityListQuery,
  ): Promise<IdentityRiskList> {
    return withTenant(this.dataSource, caller.tenantId, (manager) =>
      this.reader.identities(manager, query, new Date()),
    );
  }
}
