import type { Readable } from 'node:stream';

import { CurrentPrincipal, type Principal, RequireRole } from '@codex/auth';
import { ApiQueryFrom, openApiSchema, Validated } from '@codex/platform';
import { Controller, Get, Header, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { DataSource } from 'typeorm';

import {
  type CostExportQuery,
  costExportQuery,
  type CostMovers,
  costMovers,
  type CostMoversQuery,
  costMoversQuery,
  type CostResourcesQuery,
  costResourcesQuery,
  type CostSeries,
  costSeries,
  type CostSeriesQuery,
  costSeriesQuery,
  type CostTotals,
  costTotals,
  type CostTotalsQuery,
  costTotalsQuery,
  type ResourceCosts,
  resourceCosts,
} from './cost-query.schemas';
import { CostReader } from './cost-reader';
import { focusExportStream } from './focus-export-stream';

@ApiTags('costs')
@Controller('api/v1/costs')
@RequireRole('viewer')
export class CostsController {
  constructor(
    private readonly reader: CostReader,
    private readonly dataSource: DataSource,
  ) {}

  @Get()
  @ApiOperation({
    summary: 'Cost totals over a range of days, grouped',
    description:
      'Billed, effective (amortised) and list cost, per group and currency, rounded to the cent; answered from daily rollups. `to` is excluded.',
  })
  @ApiQueryFrom(costTotalsQuery)
  @ApiOkResponse({ schema: openApiSchema(costTotals) })
  totals(
    @CurrentPrincipal() caller: Principal,
    @Query(new Validated(costTotalsQuery, 'query')) query: CostTotalsQuery,
  ): Promise<CostTotals> {
    return this.reader.totals(caller, query);
  }

  @Get('series')
  @ApiOperation({ summary: 'Daily or monthly cost per group, the largest groups first' })
  @ApiQueryFrom(costSeriesQuery)
  @ApiOkResponse({ schema: openApiSchema(costSeries) })
  series(
    @CurrentPrincipal() caller: Principal,
    @Query(new Validated(costSeriesQuery, 'query')) query: CostSeriesQuery,
  ): Promise<CostSeries> {
    return this.reader.series(caller, query);
  }

  @Get('movers')
  @ApiOperation({ summary: 'The groups whose cost changed most between two periods' })
  @ApiQueryFrom(costMoversQuery)
  @ApiOkResponse({ schema: openApiSchema(costMovers) })
  movers(
    @CurrentPrincipal() caller: Principal,
    @Query(new Validated(costMoversQuery, 'query')) query: CostMoversQuery,
  ): Promise<CostMovers> {
    return this.reader.movers(caller, query);
  }

  @Get('resources')
  @ApiOperation({
    summary: 'Cost per resource, and what is unallocated',
    description:
      'A resource is allocated when the inventory holds it; cost with no resource id, or one the inventory does not hold, is unallocated.',
  })
  @ApiQueryFrom(costResourcesQuery)
  @ApiOkResponse({ schema: openApiSchema(resourceCosts) })
  resources(
    @CurrentPrincipal() caller: Principal,
    @Query(new Validated(costResourcesQuery, 'query')) query: CostResourcesQuery,
  ): Promise<ResourceCosts> {
    return this.reader.resources(caller, query);
  }

  @Get('export')
  @ApiOperation({ summary: 'The charges of a range of days as a FOCUS 1.2 CSV file' })
  @ApiQueryFrom(costExportQuery)
  @ApiProduces('text/csv')
  @Header('content-type', 'text/csv; charset=utf-8')
  @Header('content-disposition', 'attachment; filename="focus-1.2.csv"')
  export(
    @CurrentPrincipal() caller: Principal,
    @Query(new Validated(costExportQuery, 'query')) query: CostExportQuery,
  ): Readable {
    return focusExportStream(this.dataSource, caller.tenantId, query);
  }
}
