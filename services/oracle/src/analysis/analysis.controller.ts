import { CurrentPrincipal, type Principal, RequireRole } from '@codex/auth';
import { UuidParam, Validated } from '@codex/platform';
import {
  Body,
  Controller,
  Get,
  Headers,
  HttpCode,
  Param,
  ParseIntPipe,
  Post,
  Put,
  Res,
} from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';

import { AnalyseSubject } from './analyse-subject';
import {
  type AnalysisRequest,
  analysisRequest,
  type BudgetRequest,
  budgetRequest,
} from './analysis.schemas';
import type { AnalysisView } from './analysis-view';
import { DraftProposal } from './draft-proposal';
import type { TenantBudget } from './ledger/budget-decision';
import { ReadAnalyses, type UsageView } from './read-analyses';
import { streamAnalysis } from './stream-analysis';

@ApiTags('analyses')
@Controller('api/v1/analyses')
@RequireRole('viewer')
export class AnalysisController {
  constructor(
    private readonly analyseSubject: AnalyseSubject,
    private readonly drafts: DraftProposal,
    private readonly read: ReadAnalyses,
  ) {}

  @Post()
  @HttpCode(201)
  @ApiOperation({
    summary: 'Explains an insight, a resource or a cost scope from the data the oracle holds',
    description:
      'The answer cites the ids of that data; fallback is true when no model answered and the text is a deterministic summary. 429 llm_budget_exceeded past the tenant’s hard cap.',
  })
  analyse(
    @CurrentPrincipal() caller: Principal,
    @Body(new Validated(analysisRequest, 'body')) body: AnalysisRequest,
  ): Promise<AnalysisView> {
    return this.analyseSubject.analyse(caller, body);
  }

  @Post('stream')
  @ApiProduces('text/event-stream')
  @ApiOperation({
    summary:
      'The same analysis streamed: text events, restart when a model gave up mid-answer, then done with the analysis',
  })
  async stream(
    @CurrentPrincipal() caller: Principal,
    @Body(new Validated(analysisRequest, 'body')) body: AnalysisRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const prepared = await this.analyseSubject.prepare(caller, body);
    await streamAnalysis(reply, (stream) => this.analyseSubject.run(prepared, stream));
  }

  @Get('usage')
  @ApiOperation({
    summary: "This month's LLM calls by feature, template, model and outcome, and the budget",
  })
  usage(@CurrentPrincipal() caller: Principal): Promise<UsageView> {
    return this.read.usage(caller);
  }

  @Put('budget')
  @RequireRole('admin')
  @ApiOperation({ summary: "The tenant's monthly LLM budget (a warning) and hard caps" })
  setBudget(
    @CurrentPrincipal() admin: Principal,
    @Body(new Validated(budgetRequest, 'body')) body: BudgetRequest,
  ): Promise<TenantBudget> {
    return this.read.setBudget(admin, body);
  }

  @Get(':id')
  get(
    @CurrentPrincipal() caller: Principal,
    @UuidParam('id', 'analysis') id: string,
  ): Promise<AnalysisView> {
    return this.read.get(caller, id);
  }

  @Post(':id/proposals/:n/draft')
  @RequireRole('operator')
  @HttpCode(201)
  @ApiOperation({
    summary:
      "Makes a proposed action a DRAFT in aetherium's action pipeline; it never runs until someone submits it",
  })
  draft(
    @CurrentPrincipal() caller: Principal,
    @Headers('authorization') authorization: string,
    @UuidParam('id', 'analysis') id: string,
    @Param('n', ParseIntPipe) n: number,
  ): Promise<{ id: string; status: string }> {
    return this.drafts.draft(caller, authorization, id, n);
  }
}
