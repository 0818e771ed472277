import { CurrentPrincipal, type Principal, RequireRole } from '@codex/auth';
import { ApiQueryFrom, openApiSchema, type Page, validate } from '@codex/platform';
import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiBody, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';

import { DismissInsight } from '../dismiss-insight';
import { InsightReader } from '../insight-reader';
import {
  dismissal,
  insightListQuery,
  insightPage,
  type InsightView,
  insightView,
} from './insight.schemas';
import { InsightIdParam } from './insight-id.param';

@ApiTags('insights')
@Controller('api/v1/insights')
@RequireRole('viewer')
export class InsightsController {
  constructor(
    private readonly reader: InsightReader,
    private readonly dismissals: DismissInsight,
  ) {}

  @Get()
  @ApiOperation({
    summary: 'Forecasts, anomalies, recommendations and analyses, newest first',
    description:
      'Every insight.generated of the tenant. A newer insight on the same subject and details type supersedes the open one; the history stays.',
  })
  @ApiQueryFrom(insightListQuery)
  @ApiOkResponse({ schema: openApiSchema(insightPage) })
  list(@CurrentPrincipal() caller: Principal, @Query() query: unknown): Promise<Page<InsightView>> {
    return this.reader.list(caller, validate(insightListQuery, query, 'query'));
  }

  @Get(':id')
  @ApiOkResponse({ schema: openApiSchema(insightView) })
  get(@CurrentPrincipal() caller: Principal, @InsightIdParam() id: string): Promise<InsightView> {
    return this.reader.get(caller, id);
  }

  @Post(':id/dismiss')
  @HttpCode(200)
  @RequireRole('operator')
  @ApiOperation({ summary: 'Dismisses an open insight, with a reason' })
  @ApiBody({ schema: openApiSchema(dismissal) })
  @ApiOkResponse({ schema: openApiSchema(insightView) })
  dismiss(
    @CurrentPrincipal() caller: Principal,
    @InsightIdParam() id: string,
    @Body() body: unknown,
  ): Promise<InsightView> {
    return this.dismissals.dismiss(caller, id, validate(dismissal, body ?? {}, 'body'));
  }
}
