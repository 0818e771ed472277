import { CurrentPrincipal, type Principal, RequireRole } from '@codex/auth';
import { openApiSchema, UuidParam, Validated } from '@codex/platform';
import { Controller, Get, Post, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';

import { BucketDirectory } from '../buckets/bucket-directory';
import { type DiscoverySummary, StorageDiscovery } from '../discovery/storage-discovery';
import { toBucketView } from './bucket-view';
import {
  bucketList,
  type BucketListQuery,
  bucketListQuery,
  type BucketView,
  bucketView,
  discoverySummary,
  STORAGE_API,
} from './storage.schemas';
import { atProvider } from './storage-problems';

@ApiTags('storage')
@Controller(STORAGE_API)
export class BucketsController {
  constructor(
    private readonly buckets: BucketDirectory,
    private readonly discovery: StorageDiscovery,
  ) {}

  @Get('buckets')
  @ApiOperation({
    summary: "The tenant's buckets and containers across S3, GCS and Blob, with findings",
  })
  @ApiOkResponse({ schema: openApiSchema(bucketList) })
  async list(
    @CurrentPrincipal() caller: Principal,
    @Query(new Validated(bucketListQuery, 'query')) query: BucketListQuery,
  ): Promise<{ items: BucketView[] }> {
    return { items: (await this.buckets.list(caller.tenantId, query)).map(toBucketView) };
  }

  @Get('buckets/:id')
  @ApiOperation({ summary: 'One bucket: configuration, census, findings, recommendations' })
  @ApiOkResponse({ schema: openApiSchema(bucketView) })
  async get(
    @CurrentPrincipal() caller: Principal,
    @UuidParam('id', 'bucket') id: string,
  ): Promise<BucketView> {
    return toBucketView(await this.buckets.get(caller.tenantId, id));
  }

  @Post('accounts/:accountId/discoveries')
  @RequireRole('operator')
  @ApiOperation({
    summary: "Discovers the account's buckets now",
    description:
      'Lists every bucket or container the account can see, reads its configuration, counts what it holds and publishes it to the inventory; answers when done.',
  })
  @ApiOkResponse({ schema: openApiSchema(discoverySummary) })
  discover(
    @CurrentPrincipal() caller: Principal,
    @UuidParam('accountId', 'account') accountId: string,
  ): Promise<DiscoverySummary> {
    return atProvider('the discovery', () => this.discovery.discover(caller.tenantId, accountId));
  }
}
