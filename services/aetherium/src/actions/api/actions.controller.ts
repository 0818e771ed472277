import { CurrentPrincipal, type Principal, RequireRole } from '@codex/auth';
import type { ActionCatalogue } from '@codex/contracts';
import { ApiQueryFrom, openApiSchema, type Page, UuidParam, validate } from '@codex/platform';
import { Body, Controller, Get, Headers, HttpCode, Inject, Post, Query, Res } from '@nestjs/common';
import { ApiBody, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';

import { type ActionEventView, ActionLedger } from '../action-ledger';
import { type ActionView, toActionView } from '../action-view';
import { CATALOGUE } from '../actions-config';
import { DecideAction } from '../decide-action';
import { RequestAction, type RequestResult } from '../request-action';
import { SubmitAction } from '../submit-action';
import {
  actionHistoryQuerySchema,
  actionListQuerySchema,
  actionRequestSchema,
  decisionSchema,
  idempotencyKeySchema,
} from './action.schemas';
import { type CatalogueView, catalogueView } from './action-catalogue.view';
import { actionRequestOpenApi } from './action-request.openapi';

@ApiTags('actions')
@Controller('api/v1/actions')
export class ActionsController {
  constructor(
    private readonly requests: RequestAction,
    private readonly decisions: DecideAction,
    private readonly drafts: SubmitAction,
    private readonly ledger: ActionLedger,
    @Inject(CATALOGUE) private readonly catalogue: ActionCatalogue,
  ) {}

  @Post()
  @RequireRole('operator')
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: 'required unless dryRun' })
  @ApiBody({ schema: actionRequestOpenApi() })
  async request(
    @CurrentPrincipal() caller: Principal,
    @Body() body: unknown,
    @Headers('idempotency-key') key: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<RequestResult> {
    const request = validate(actionRequestSchema, body, 'body');
    const idempotencyKey =
      key === undefined ? undefined : validate(idempotencyKeySchema, key, 'header.idempotency-key');
    const result = await this.requests.request(caller, request, idempotencyKey);
    void reply.status('created' in result && result.created ? 201 : 200);
    return result;
  }

  @Get()
  @RequireRole('viewer')
  @ApiQueryFrom(actionListQuerySchema)
  list(@CurrentPrincipal() caller: Principal, @Query() query: unknown): Promise<Page<ActionView>> {
    return this.ledger.list(caller, validate(actionListQuerySchema, query, 'query'));
  }

  /** Every action each resource type has: its parameters, executor, risk and approval. */
  @Get('catalogue')
  @RequireRole('viewer')
  getCatalogue(): CatalogueView {
    return catalogueView(this.catalogue);
  }

  @Get(':id')
  @RequireRole('viewer')
  async get(
    @CurrentPrincipal() caller: Principal,
    @UuidParam('id', 'action') id: string,
  ): Promise<ActionView> {
    return toActionView(await this.ledger.get(caller, id));
  }

  @Get(':id/events')
  @RequireRole('viewer')
  @ApiQueryFrom(actionHistoryQuerySchema)
  history(
    @CurrentPrincipal() caller: Principal,
    @UuidParam('id', 'action') id: string,
    @Query() query: unknown,
  ): Promise<Page<ActionEventView>> {
    return this.ledger.history(caller, id, validate(actionHistoryQuerySchema, query, 'query'));
  }

  @Post(':id/approve')
  @HttpCode(200)
  @RequireRole('approver')
  @ApiBody({ schema: openApiSchema(decisionSchema), required: false })
  approve(
    @CurrentPrincipal() approver: Principal,
    @UuidParam('id', 'action') id: string,
    @Body() body: unknown,
  ): Promise<ActionView> {
    return this.decisions.approve(
      approver,
      id,
      validate(decisionSchema, body ?? {}, 'body').comment,
    );
  }

  @Post(':id/reject')
  @HttpCode(200)
  @RequireRole('approver')
  @ApiBody({ schema: openApiSchema(decisionSchema), required: false })
  reject(
    @CurrentPrincipal() approver: Principal,
    @UuidParam('id', 'action') id: string,
    @Body() body: unknown,
  ): Promise<ActionView> {
    return this.decisions.reject(
      approver,
      id,
      validate(decisionSchema, body ?? {}, 'body').comment,
    );
  }

  @Post(':id/submit')
  @HttpCode(200)
  @RequireRole('operator')
  @ApiOperation({
    summary: 'Submits a draft: planned again, then it waits for an approver or goes out',
    description: 'The submitter becomes its requester, so someone else must approve it.',
  })
  submit(
    @CurrentPrincipal() caller: Principal,
    @UuidParam('id', 'action') id: string,
  ): Promise<ActionView> {
    return this.drafts.submit(caller, id);
  }

  @Post(':id/discard')
  @HttpCode(200)
  @RequireRole('operator')
  @ApiOperation({ summary: 'Discards a draft: it is closed as rejected and never sent' })
  discard(
    @CurrentPrincipal() caller: Principal,
    @UuidParam('id', 'action') id: string,
  ): Promise<ActionView> {
    return this.drafts.discard(caller, id);
  }
}
