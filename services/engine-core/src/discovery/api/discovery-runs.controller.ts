import { CurrentPrincipal, type Principal, RequireRole } from '@codex/auth';
import { ApiQueryFrom, openApiSchema, Validated } from '@codex/platform';
import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBody,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';

import { DiscoveryProblem } from '../discovery-problem';
import { DiscoveryRunReader } from '../discovery-run-reader';
import { RequestDiscoveryRun } from '../request-discovery-run';
import {
  type DiscoveryRunListQuery,
  discoveryRunListQuery,
  type DiscoveryRunPage,
  discoveryRunPage,
  type DiscoveryRunView,
  discoveryRunView,
  type NewDiscoveryRun,
  newDiscoveryRun,
} from './discovery-run.schemas';

@ApiTags('compute')
@Controller('api/v1/compute/discovery-runs')
@RequireRole('viewer')
export class DiscoveryRunsController {
  constructor(
    private readonly requests: RequestDiscoveryRun,
    private readonly reader: DiscoveryRunReader,
  ) {}

  @Post()
  @HttpCode(202)
  @RequireRole('operator')
  @ApiOperation({ summary: 'Starts discovering an AWS account now' })
  @ApiBody({ schema: openApiSchema(newDiscoveryRun) })
  @ApiAcceptedResponse({ schema: openApiSchema(discoveryRunView) })
  request(
    @CurrentPrincipal() caller: Principal,
    @Body(new Validated(newDiscoveryRun, 'body')) body: NewDiscoveryRun,
  ): Promise<DiscoveryRunView> {
    return this.requests.request(caller, body);
  }

  @Get()
  @ApiOperation({ summary: "The tenant's discovery runs, newest first" })
  @ApiQueryFrom(discoveryRunListQuery)
  @ApiOkResponse({ schema: openApiSchema(discoveryRunPage) })
  list(
    @CurrentPrincipal() caller: Principal,
    @Query(new Validated(discoveryRunListQuery, 'query')) query: DiscoveryRunListQuery,
  ): Promise<DiscoveryRunPage> {
    return this.reader.list(caller, query);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One discovery run, with its progress and outcome' })
  @ApiOkResponse({ schema: openApiSchema(discoveryRunView) })
  get(
    @CurrentPrincipal() caller: Principal,
    @Param(
      'id',
      new ParseUUIDPipe({
        exceptionFactory: () => new DiscoveryProblem('run_not_found', 'no such discovery run'),
      }),
    )
    id: string,
  ): Promise<DiscoveryRunView> {
    return this.reader.get(caller, id);
  }
}
