import { CurrentPrincipal, type Principal, RequireRole } from '@codex/auth';
import { openApiSchema, UuidParam, Validated } from '@codex/platform';
import { Body, Controller, Delete, Get, HttpCode, Post } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBody,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';

import { CostIngestions } from '../ingestion/cost-ingestions';
import {
  costSourceList,
  type CostSourceView,
  costSourceView,
  ingestionList,
  type IngestionView,
  type NewCostSource,
  newCostSource,
  runStarted,
} from './cost-source.schemas';
import { CostSources } from './cost-sources';

@ApiTags('costs')
@Controller('api/v1/costs/sources')
@RequireRole('viewer')
export class CostSourcesController {
  constructor(
    private readonly sources: CostSources,
    private readonly ingestions: CostIngestions,
  ) {}

  @Post()
  @RequireRole('admin')
  @HttpCode(201)
  @ApiOperation({
    summary: "Reads a connected account's bill from where the provider delivers it",
    description:
      'aws-data-export (CUR 2.0 in S3), aws-cost-explorer, gcp-billing-export (the BigQuery detailed export), azure-cost-export (FocusCost exports), azure-cost-query. One source per account and kind.',
  })
  @ApiBody({ schema: openApiSchema(newCostSource) })
  @ApiCreatedResponse({ schema: openApiSchema(costSourceView) })
  create(
    @CurrentPrincipal() admin: Principal,
    @Body(new Validated(newCostSource, 'body')) body: NewCostSource,
  ): Promise<CostSourceView> {
    return this.sources.create(admin, body);
  }

  @Get()
  @ApiOkResponse({ schema: openApiSchema(costSourceList) })
  async list(@CurrentPrincipal() caller: Principal): Promise<{ items: CostSourceView[] }> {
    return { items: await this.sources.list(caller) };
  }

  @Get(':id')
  @ApiOkResponse({ schema: openApiSchema(costSourceView) })
  get(
    @CurrentPrincipal() caller: Principal,
    @UuidParam('id', 'cost source') id: string,
  ): Promise<CostSourceView> {
    return this.sources.get(caller, id);
  }

  @Delete(':id')
  @RequireRole('admin')
  @HttpCode(204)
  @ApiOperation({ summary: 'Removes the source and every cost it brought in' })
  @ApiNoContentResponse()
  remove(
    @CurrentPrincipal() admin: Principal,
    @UuidParam('id', 'cost source') id: string,
  ): Promise<void> {
    return this.sources.remove(admin, id);
  }

  @Post(':id/ingestions')
  @RequireRole('operator')
  @HttpCode(202)
  @ApiOperation({
    summary: 'Ingests the billing periods delivered since the last run',
    description:
      "Answers at once with the run's id; the source's lastRun says when it ended. A period whose delivery is unchanged is not read again; a restated one replaces what was there.",
  })
  @ApiAcceptedResponse({ schema: openApiSchema(runStarted) })
  start(
    @CurrentPrincipal() caller: Principal,
    @UuidParam('id', 'cost source') id: string,
  ): Promise<{ runId: string; sourceId: string }> {
    return this.ingestions.start(caller, id);
  }

  @Get(':id/ingestions')
  @ApiOperation({ summary: "The source's ingestions of billing periods, newest first" })
  @ApiOkResponse({ schema: openApiSchema(ingestionList) })
  async history(
    @CurrentPrincipal() caller: Principal,
    @UuidParam('id', 'cost source') id: string,
  ): Promise<{ items: IngestionView[] }> {
    return { items: await this.sources.ingestions(caller, id) };
  }
}
