import { CurrentPrincipal, type Principal, RequireRole } from '@codex/auth';
import { withTenant } from '@codex/persistence';
import {
  ApiQueryFrom,
  NotFoundProblem,
  openApiSchema,
  type Page,
  UuidParam,
  Validated,
} from '@codex/platform';
import { Body, Controller, Get, Put, Query } from '@nestjs/common';
import { ApiBody, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { DataSource } from 'typeorm';

import { AnomalySettingsStore, type EffectiveSettings } from '../anomaly-settings.store';
import {
  anomalyList,
  type AnomalyListQuery,
  anomalyListQuery,
  type AnomalySettingsBody,
  anomalySettingsBody,
  type AnomalyView,
  anomalyView,
} from './anomaly.schemas';
import { AnomalyReader } from './anomaly-reader';

@ApiTags('anomalies')
@Controller('api/v1/anomalies')
@RequireRole('viewer')
export class AnomaliesController {
  constructor(
    private readonly dataSource: DataSource,
    private readonly reader: AnomalyReader,
    private readonly settings: AnomalySettingsStore,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Cost and metric anomalies, newest first, each with what explains it' })
  @ApiQueryFrom(anomalyListQuery)
  @ApiOkResponse({ schema: openApiSchema(anomalyList) })
  list(
    @CurrentPrincipal() caller: Principal,
    @Query(new Validated(anomalyListQuery, 'query')) query: AnomalyListQuery,
  ): Promise<Page<AnomalyView>> {
    return withTenant(this.dataSource, caller.tenantId, (manager) =>
      this.reader.list(manager, query),
    );
  }

  @Get('settings')
  @ApiOperation({ summary: "The tenant's sensitivity and smallest reported cost change" })
  @ApiOkResponse({ schema: openApiSchema(anomalySettingsBody) })
  getSettings(@CurrentPrincipal() caller: Principal): Promise<EffectiveSettings> {
    return withTenant(this.dataSource, caller.tenantId, (manager) =>
      this.settings.get(manager, caller.tenantId),
    );
  }

  @Put('settings')
  @RequireRole('admin')
  @ApiOperation({
    summary:
      "Sets the tenant's sensitivity and smallest reported cost change; applies to what is scored next",
  })
  @ApiBody({ schema: openApiSchema(anomalySettingsBody) })
  @ApiOkResponse({ schema: openApiSchema(anomalySettingsBody) })
  putSettings(
    @CurrentPrincipal() admin: Principal,
    @Body(new Validated(anomalySettingsBody, 'body')) body: AnomalySettingsBody,
  ): Promise<EffectiveSettings> {
    return withTenant(this.dataSource, admin.tenantId, async (manager) => {
      await this.settings.put(manager, admin.tenantId, body);
      return this.settings.get(manager, admin.tenantId);
    });
  }

  @Get(':id')
  @ApiOkResponse({ schema: openApiSchema(anomalyView) })
  get(
    @CurrentPrincipal() caller: Principal,
    @UuidParam('id', 'anomaly') id: string,
  ): Promise<AnomalyView> {
    return withTenant(this.dataSource, caller.tenantId, async (manager) => {
      const found = await this.reader.get(manager, id);
      if (!found) throw new NotFoundProblem(`anomaly ${id}`);
      return found;
    });
  }
}
