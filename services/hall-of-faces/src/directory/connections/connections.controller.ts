import { CurrentPrincipal, type Principal, RequireRole } from '@codex/auth';
import { openApiSchema, UuidParam, Validated } from '@codex/platform';
import { Body, Controller, Delete, Get, HttpCode, Inject, Post, Res } from '@nestjs/common';
import { ApiBody, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';

import { IDENTITY_API } from '../../http/identity-api';
import { ConnectIdp } from './connect-idp';
import {
  connectionList,
  type ConnectionView,
  connectionView,
  type NewConnection,
  newConnection,
  type SyncRequest,
  syncRequest,
  type SyncRunView,
  syncRunView,
} from './connection.schemas';
import { IdpConnections } from './idp-connections';

export const SYNC_WAKER = Symbol('SYNC_WAKER');

/** Wakes the sync runner of this replica after a run is queued. */
export interface SyncWaker {
  wake(): void;
}

@ApiTags('identity')
@Controller(`${IDENTITY_API}/connections`)
export class ConnectionsController {
  constructor(
    private readonly connecting: ConnectIdp,
    private readonly connections: IdpConnections,
    @Inject(SYNC_WAKER) private readonly runner: SyncWaker,
  ) {}

  @Post()
  @HttpCode(201)
  @RequireRole('admin')
  @ApiOperation({
    summary: 'Connects an Auth0 tenant or an Entra ID directory',
    description:
      'The credentials are verified (a token and a read) before they are sealed and kept; a first full sync is queued.',
  })
  @ApiBody({ schema: openApiSchema(newConnection) })
  @ApiOkResponse({ schema: openApiSchema(connectionView) })
  async connect(
    @CurrentPrincipal() admin: Principal,
    @Body(new Validated(newConnection, 'body')) body: NewConnection,
  ): Promise<ConnectionView> {
    const { id } = await this.connecting.connect(admin, body);
    this.runner.wake();
    return this.connections.get(admin, id);
  }

  @Get()
  @ApiOperation({ summary: "The tenant's identity provider connections and their last sync" })
  @ApiOkResponse({ schema: openApiSchema(connectionList) })
  async list(@CurrentPrincipal() caller: Principal): Promise<{ items: ConnectionView[] }> {
    return { items: await this.connections.list(caller) };
  }

  @Get(':id')
  @ApiOperation({ summary: 'One identity provider connection' })
  @ApiOkResponse({ schema: openApiSchema(connectionView) })
  get(
    @CurrentPrincipal() caller: Principal,
    @UuidParam('id', 'connection') id: string,
  ): Promise<ConnectionView> {
    return this.connections.get(caller, id);
  }

  @Delete(':id')
  @HttpCode(204)
  @RequireRole('admin')
  @ApiOperation({
    summary: 'Disconnects it: forgets its credentials and everything synced from it',
  })
  async disconnect(
    @CurrentPrincipal() admin: Principal,
    @UuidParam('id', 'connection') id: string,
  ): Promise<void> {
    await this.connections.disconnect(admin, id);
  }

  @Post(':id/syncs')
  @RequireRole('operator')
  @ApiOperation({
    summary: 'Syncs the connection now',
    description:
      'Incremental unless full is true: only what changed since the last sync is read. Answers 202 with the new run, or 200 with the run already queued or running.',
  })
  @ApiBody({ schema: openApiSchema(syncRequest), required: false })
  @ApiOkResponse({ schema: openApiSchema(syncRunView) })
  async sync(
    @CurrentPrincipal() caller: Principal,
    @UuidParam('id', 'connection') id: string,
    @Body(new Validated(syncRequest, 'body')) body: SyncRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<SyncRunView> {
    const { run, created } = await this.connections.requestSync(caller, id, body.full);
    this.runner.wake();
    void reply.status(created ? 202 : 200);
    return run;
  }

  @Get(':id/syncs/:runId')
  @ApiOperation({ summary: 'One sync run: status, progress per stream, counts' })
  @ApiOkResponse({ schema: openApiSchema(syncRunView) })
  run(
    @CurrentPrincipal() caller: Principal,
    @UuidParam('id', 'connection') id: string,
    @UuidParam('runId', 'sync run') runId: string,
  ): Promise<SyncRunView> {
    return this.connections.run(caller, id, runId);
  }
}
