import { CurrentPrincipal, type Principal, RequireRole } from '@codex/auth';
import { validate } from '@codex/platform';
import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiQuery, ApiTags } from '@nestjs/swagger';

import {
  InventoryReader,
  type InventorySummary,
  type ResourcePage,
  type ResourceView,
} from '../inventory-reader';
import { resourceQuerySchema } from './resource-query';

@ApiTags('inventory')
@Controller('api/v1/inventory')
@RequireRole('viewer')
export class InventoryController {
  constructor(private readonly reader: InventoryReader) {}

  @Get('resources')
  @ApiQuery({ name: 'provider', required: false, enum: ['aws', 'gcp', 'azure'] })
  @ApiQuery({ name: 'account', required: false })
  @ApiQuery({ name: 'region', required: false })
  @ApiQuery({ name: 'type', required: false })
  @ApiQuery({ name: 'state', required: false })
  @ApiQuery({ name: 'tag', required: false, description: 'key:value or key; repeatable' })
  @ApiQuery({ name: 'q', required: false, description: 'part of the name, or the exact URN' })
  @ApiQuery({ name: 'sort', required: false, enum: ['name', '-name', 'observedAt', '-observedAt'] })
  @ApiQuery({ name: 'limit', required: false, type: Number })
  @ApiQuery({ name: 'cursor', required: false })
  list(@CurrentPrincipal() caller: Principal, @Query() query: unknown): Promise<ResourcePage> {
    return this.reader.list(caller, validate(resourceQuerySchema, query, 'query'));
  }

  @Get('resources/:urn')
  get(@CurrentPrincipal() caller: Principal, @Param('urn') urn: string): Promise<ResourceView> {
    return this.reader.get(caller, urn);
  }

  @Get('summary')
  summary(@CurrentPrincipal() caller: Principal): Promise<InventorySummary> {
    return this.reader.summary(caller);
  }
}
