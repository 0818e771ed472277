import { CurrentPrincipal, type Principal, RequireRole } from '@codex/auth';
import { ApiQueryFrom, openApiSchema, type Page, UuidParam, validate } from '@codex/platform';
import { Body, Controller, Get, Headers, HttpCode, Post, Query } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';

import { ApplyRecommendation } from '../apply-recommendation';
import { recommendationNotFound, RecommendationReader } from '../recommendation-reader';
import { type RefreshCounts, RefreshRecommendations } from '../refresh-recommendations';
import { dismissSchema, recommendationListQuerySchema } from './recommendation.schemas';
import type { RecommendationView } from './recommendation-view';

@ApiTags('recommendations')
@Controller('api/v1/recommendations')
export class RecommendationsController {
  constructor(
    private readonly reader: RecommendationReader,
    private readonly applier: ApplyRecommendation,
    private readonly refresher: RefreshRecommendations,
  ) {}

  @Get()
  @RequireRole('viewer')
  @ApiQueryFrom(recommendationListQuerySchema)
  @ApiOperation({ summary: 'Recommendations, largest monthly saving first' })
  list(
    @CurrentPrincipal() caller: Principal,
    @Query() query: unknown,
  ): Promise<Page<RecommendationView>> {
    return this.reader.list(caller, validate(recommendationListQuerySchema, query, 'query'));
  }

  @Post('refreshes')
  @HttpCode(200)
  @RequireRole('operator')
  @ApiOperation({
    summary: "Recomputes the tenant's recommendations now, and measures what applied ones saved",
  })
  refresh(@CurrentPrincipal() caller: Principal): Promise<RefreshCounts> {
    return this.refresher.refresh(caller.tenantId);
  }

  @Get(':id')
  @RequireRole('viewer')
  get(
    @CurrentPrincipal() caller: Principal,
    @UuidParam('id', recommendationNotFound) id: string,
  ): Promise<RecommendationView> {
    return this.reader.get(caller, id);
  }

  @Post(':id/apply')
  @HttpCode(200)
  @RequireRole('operator')
  @ApiOperation({
    summary: 'Creates a draft action in the pipeline for the recommendation, as the caller',
    description: 'Applying again answers the same draft (draftActionId).',
  })
  apply(
    @CurrentPrincipal() caller: Principal,
    @Headers('authorization') authorization: string,
    @UuidParam('id', recommendationNotFound) id: string,
  ): Promise<RecommendationView> {
    return this.applier.apply(caller, authorization, id);
  }

  @Post(':id/dismiss')
  @HttpCode(200)
  @RequireRole('operator')
  @ApiBody({ schema: openApiSchema(dismissSchema), required: false })
  dismiss(
    @CurrentPrincipal() caller: Principal,
    @UuidParam('id', recommendationNotFound) id: string,
    @Body() body: unknown,
  ): Promise<RecommendationView> {
    validate(dismissSchema, body ?? {}, 'body');
    return this.applier.dismiss(caller, id);
  }
}
