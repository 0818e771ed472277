import { CurrentPrincipal, type Principal, RequireRole } from '@codex/auth';
import { withTenant } from '@codex/persistence';
import { ApiQueryFrom, NotFoundProblem, openApiSchema, Validated } from '@codex/platform';
import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { DataSource } from 'typeorm';

import {
  forecastList,
  type ForecastListQuery,
  forecastListQuery,
  type ForecastQuery,
  forecastQuery,
  type ForecastView,
  forecastView,
} from './forecast.schemas';
import { ForecastReader } from './forecast-reader';

@ApiTags('forecasts')
@Controller('api/v1/forecasts')
@RequireRole('viewer')
export class ForecastsController {
  constructor(
    private readonly dataSource: DataSource,
    private readonly reader: ForecastReader,
  ) {}

  @Get()
  @ApiOperation({
    summary:
      'The latest forecast of every cost scope (all, each account, each service): this month projected',
  })
  @ApiQueryFrom(forecastListQuery)
  @ApiOkResponse({ schema: openApiSchema(forecastList) })
  async list(
    @CurrentPrincipal() caller: Principal,
    @Query(new Validated(forecastListQuery, 'query')) query: ForecastListQuery,
  ): Promise<{ items: Omit<ForecastView, 'points' | 'actual'>[] }> {
    return {
      items: await withTenant(this.dataSource, caller.tenantId, (manager) =>
        this.reader.list(manager, query),
      ),
    };
  }

  @Get('scope')
  @ApiOperation({
    summary:
      "One scope's daily forecast with 80 % and 95 % intervals, after its recent actual cost",
  })
  @ApiQueryFrom(forecastQuery)
  @ApiOkResponse({ schema: openApiSchema(forecastView) })
  async get(
    @CurrentPrincipal() caller: Principal,
    @Query(new Validated(forecastQuery, 'query')) query: ForecastQuery,
  ): Promise<ForecastView> {
    const found = await withTenant(this.dataSource, caller.tenantId, (manager) =>
      this.reader.get(manager, caller.tenantId, query),
    );
    if (!found)
      throw new NotFoundProblem(
        `a forecast of ${query.kind} ${query.value ?? ''} (${query.metric})`.replace('  ', ' '),
      );
    return found;
  }
}
