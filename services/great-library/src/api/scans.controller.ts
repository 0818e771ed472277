import { CurrentPrincipal, type Principal, RequireRole } from '@codex/auth';
import { withTenant } from '@codex/persistence';
import { openApiSchema, UuidParam, Validated } from '@codex/platform';
import { Body, Controller, Get, HttpCode, Inject, Post, Query } from '@nestjs/common';
import { ApiBody, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { DataSource } from 'typeorm';

import { BucketDirectory } from '../buckets/bucket-directory';
import { BucketScanner, type ScanSummary } from '../classification-store/bucket-scanner';
import { ObjectClassification } from '../classification-store/object-classification.entity';
import type { StorageSettings } from '../config';
import { STORAGE_SETTINGS } from '../storage/storage-settings.token';
import {
  classificationList,
  classificationQuery,
  type ScanRequest,
  scanRequest,
  scanSummary,
  STORAGE_API,
} from './storage.schemas';
import { atProvider } from './storage-problems';

@ApiTags('storage')
@Controller(`${STORAGE_API}/buckets/:id`)
export class ScansController {
  constructor(
    private readonly dataSource: DataSource,
    private readonly buckets: BucketDirectory,
    private readonly scanner: BucketScanner,
    @Inject(STORAGE_SETTINGS) private readonly settings: StorageSettings,
  ) {}

  @Post('scans')
  @HttpCode(200)
  @RequireRole('operator')
  @ApiOperation({
    summary: 'Samples the bucket and looks for personal data and secrets',
    description:
      "Reads the first bytes of up to objectsPerPrefix objects under each top-level prefix (text, CSV, JSON and gzip of those), with validating detectors; keeps counts and masked examples per object, never a matched value, and raises the bucket's findings. Answers when done.",
  })
  @ApiBody({ schema: openApiSchema(scanRequest), required: false })
  @ApiOkResponse({ schema: openApiSchema(scanSummary) })
  scan(
    @CurrentPrincipal() caller: Principal,
    @UuidParam('id', 'bucket') id: string,
    @Body(new Validated(scanRequest, 'body')) body: ScanRequest,
  ): Promise<ScanSummary> {
    return atProvider('the scan', () =>
      this.scanner.scan(caller.tenantId, id, {
        prefix: body.prefix,
        objectsPerPrefix: body.objectsPerPrefix ?? this.settings.scanObjectsPerPrefix,
        bytesPerObject: body.bytesPerObject ?? this.settings.scanBytesPerObject,
        maxListed: this.settings.discoveryMaxObjects,
      }),
    );
  }

  @Get('classifications')
  @ApiOperation({ summary: 'What the scans found per object: counts and masked examples' })
  @ApiOkResponse({ schema: openApiSchema(classificationList) })
  async classifications(
    @CurrentPrincipal() caller: Principal,
    @UuidParam('id', 'bucket') id: string,
    @Query(new Validated(classificationQuery, 'query')) query: { prefix?: string | undefined },
  ) {
    await this.buckets.get(caller.tenantId, id);
    const rows = await withTenant(this.dataSource, caller.tenantId, (manager) =>
      manager.getRepository(ObjectClassification).find({
        where: { bucketId: id, ...(query.prefix === undefined ? {} : { prefix: query.prefix }) },
        order: { key: 'ASC' },
        take: 5000,
      }),
    );
    return {
      items: rows.map((row) => ({
        key: row.key,
        prefix: row.prefix,
        counts: row.counts,
        examples: row.examples,
        skipped: row.skipped,
        scannedAt: row.scannedAt.toISOString(),
      })),
    };
  }
}
