import { randomUUID } from 'node:crypto';

import { CurrentPrincipal, type Principal, RequireRole } from '@codex/auth';
import { withTenant } from '@codex/persistence';
import { openApiSchema, UuidParam, Validated, ValidationProblem } from '@codex/platform';
import { Body, Controller, Get, Inject, Post, Query } from '@nestjs/common';
import { ApiBody, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { DataSource } from 'typeorm';

import { BucketDirectory } from '../buckets/bucket-directory';
import { StorageAccessGrant } from '../buckets/storage-access-grant.entity';
import type { StorageSettings } from '../config';
import { STORAGE_SETTINGS } from '../storage/storage-settings.token';
import { decodeObjectCursor, encodeObjectCursor } from './object-cursor';
import {
  type ObjectListQuery,
  objectListQuery,
  objectMetadataView,
  objectPage,
  type ObjectPageView,
  objectQuery,
  type SignedUrlRequest,
  signedUrlRequest,
  signedUrlView,
  STORAGE_API,
} from './storage.schemas';
import { atProvider } from './storage-problems';

@ApiTags('storage')
@Controller(`${STORAGE_API}/buckets/:id`)
export class ObjectsController {
  constructor(
    private readonly dataSource: DataSource,
    private readonly buckets: BucketDirectory,
    @Inject(STORAGE_SETTINGS) private readonly settings: StorageSettings,
  ) {}

  @Get('objects')
  @ApiOperation({
    summary: 'One page of the objects and common prefixes under a prefix',
    description:
      "The provider's own listing, page by page (keyset paging on its continuation token), in one shape for S3, GCS and Blob.",
  })
  @ApiOkResponse({ schema: openApiSchema(objectPage) })
  async list(
    @CurrentPrincipal() caller: Principal,
    @UuidParam('id', 'bucket') id: string,
    @Query(new Validated(objectListQuery, 'query')) query: ObjectListQuery,
  ): Promise<ObjectPageView> {
    const { access, location, store } = await this.buckets.open(caller.tenantId, id);
    const pageToken = query.cursor
      ? decodeObjectCursor(query.cursor, id, query.prefix, query.delimiter)
      : null;
    const page = await atProvider(`bucket ${location.name}`, () =>
      store.list(access, location, {
        prefix: query.prefix,
        delimiter: query.delimiter,
        pageToken,
        limit: Math.min(query.limit, this.settings.listMaxPage),
      }),
    );
    return {
      prefixes: page.prefixes,
      objects: page.objects.map((object) => ({
        key: object.key,
        size: object.size,
        storageClass: object.storageClass,
        lastModified: object.lastModified.toISOString(),
        etag: object.etag,
      })),
      nextCursor: page.nextPageToken
        ? encodeObjectCursor(page.nextPageToken, id, query.prefix, query.delimiter)
        : null,
    };
  }

  @Get('object')
  @ApiOperation({ summary: "One object's metadata: size, class, checksum, content type, metadata" })
  @ApiOkResponse({ schema: openApiSchema(objectMetadataView) })
  async metadata(
    @CurrentPrincipal() caller: Principal,
    @UuidParam('id', 'bucket') id: string,
    @Query(new Validated(objectQuery, 'query')) query: { key: string },
  ) {
    const { access, location, store } = await this.buckets.open(caller.tenantId, id);
    const object = await atProvider(`object ${query.key}`, () =>
      store.head(access, location, query.key),
    );
    return { ...object, lastModified: object.lastModified.toISOString() };
  }

  @Post('signed-urls')
  @RequireRole('operator')
  @ApiOperation({
    summary: 'A short-lived signed URL to download or upload one object',
    description:
      'Signed as the provider documents (S3 SigV4 query, GCS V4, a Blob service SAS), for at most STORAGE_SIGNED_URL_MAX_SECONDS; every URL handed out is recorded with who asked for it.',
  })
  @ApiBody({ schema: openApiSchema(signedUrlRequest) })
  @ApiOkResponse({ schema: openApiSchema(signedUrlView) })
  async sign(
    @CurrentPrincipal() caller: Principal,
    @UuidParam('id', 'bucket') id: string,
    @Body(new Validated(signedUrlRequest, 'body')) body: SignedUrlRequest,
  ) {
    if (body.expiresInSeconds > this.settings.signedUrlMaxSeconds) {
      throw new ValidationProblem([
        {
          field: 'body.expiresInSeconds',
          message: `expected at most ${this.settings.signedUrlMaxSeconds} seconds`,
        },
      ]);
    }
    if (body.contentType && body.method !== 'PUT') {
      throw new ValidationProblem([
        { field: 'body.contentType', message: 'is signed only for a PUT (an upload)' },
      ]);
    }
    const { access, location, store } = await this.buckets.open(caller.tenantId, id);
    const expiresAt = new Date(Date.now() + body.expiresInSeconds * 1000);
    const url = await atProvider(`object ${body.key}`, () =>
      store.signedUrl(access, location, {
        method: body.method,
        key: body.key,
        expiresInSeconds: body.expiresInSeconds,
        ...(body.contentType ? { contentType: body.contentType } : {}),
      }),
    );
    const grantId = randomUUID();
    await withTenant(this.dataSource, caller.tenantId, (manager) =>
      manager.getRepository(StorageAccessGrant).insert({
        id: grantId,
        tenantId: caller.tenantId,
        bucketId: id,
        key: body.key,
        method: body.method,
        subject: caller.subject,
        expiresAt,
      }),
    );
    return { url, method: body.method, expiresAt: expiresAt.toISOString(), grantId };
  }
}
