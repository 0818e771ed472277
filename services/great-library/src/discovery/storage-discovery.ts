import { randomUUID } from 'node:crypto';

import { create } from '@bufbuild/protobuf';
import { timestampFromDate } from '@bufbuild/protobuf/wkt';
import { resourceDiscoveredEvent } from '@codex/actions';
import { type AccountAccessSource, providerEnum } from '@codex/connectors';
import { ResourceDeletedSchema } from '@codex/contracts';
import type { Outbox } from '@codex/messaging';
import { withTenant } from '@codex/persistence';
import type { DataSource, EntityManager } from 'typeorm';

import type { BucketRecommendation } from '../buckets/bucket-recommendation';
import { StorageBucket } from '../buckets/storage-bucket.entity';
import { bucketFindings } from '../findings/bucket-findings';
import { BUCKET_RESOURCE_TYPES, bucketUrn } from '../storage/bucket-urns';
import type { DiscoveredBucket, StorageProvider } from '../storage/ports';
import type { StorageProviders } from '../storage/storage-providers';
import { recommendTieringByPrefix } from '../tiering/recommend-tiering';
import { type BucketCensus, bucketCensus } from './bucket-census';
import { storageProviderOf } from './storage-provider-of';

export interface DiscoverySummary {
  accountId: string;
  provider: StorageProvider;
  buckets: number;
  removed: number;
  objects: number;
  bytes: number;
}

/**
 * Discovers an account's buckets or containers: their configuration and findings, a census of
 * what they hold, tiering recommendations per top-level prefix. Writes the buckets and
 * publishes each as `resource.discovered` in one transaction; a bucket gone from the provider
 * is removed and published as `resource.deleted`.
 */
export class StorageDiscovery {
  constructor(
    private readonly dataSource: DataSource,
    private readonly accounts: AccountAccessSource,
    private readonly providers: StorageProviders,
    private readonly outbox: Outbox,
    private readonly maxObjects: number,
  ) {}

  async discover(tenantId: string, accountId: string): Promise<DiscoverySummary> {
    const { access } = await this.accounts.accessFor(tenantId, accountId);
    const provider = storageProviderOf(access);
    const store = this.providers.store(provider);
    const discovered = await store.discover(access);
    const now = new Date();
    const observed: { bucket: DiscoveredBucket; census: BucketCensus }[] = [];
    for (const bucket of discovered) {
      observed.push({
        bucket,
        census: await bucketCensus(store, access, bucket.location, this.maxObjects),
      });
    }
    return withTenant(this.dataSource, tenantId, async (manager) => {
      const repository = manager.getRepository(StorageBucket);
      const known = new Map(
        (await repository.findBy({ tenantId, accountId })).map((row) => [row.urn, row]),
      );
      const rows = observed.map(({ bucket, census }) =>
        this.row(tenantId, accountId, bucket, census, known.get(bucketUrn(bucket.location)), now),
      );
      if (rows.length > 0) await repository.upsert(rows, ['tenantId', 'urn']);
      const seen = new Set(rows.map((row) => row.urn));
      const gone = [...known.values()].filter((row) => !seen.has(row.urn));
      if (gone.length > 0) await repository.delete(gone.map((row) => row.id));
      await this.publish(manager, tenantId, rows, gone, now);
      return {
        accountId,
        provider,
        buckets: rows.length,
        removed: gone.length,
        objects: observed.reduce((sum, { census }) => sum + census.objectCount, 0),
        bytes: observed.reduce((sum, { census }) => sum + census.totalBytes, 0),
      };
    });
  }

  private row(
    tenantId: string,
    accountId: string,
    bucket: DiscoveredBucket,
    census: BucketCensus,
    known: StorageBucket | undefined,
    now: Date,
  ): StorageBucket {
    const { location } = bucket;
    const personalData = known?.personalData ?? null;
    const recommendations: BucketRecommendation[] = recommendTieringByPrefix(
      { provider: location.provider, region: location.region, objects: census.objects },
      1,
      now,
    ).flatMap(({ prefix, recommendations: found }) =>
      found.map((recommendation) => ({ prefix, ...recommendation })),
    );
    return {
      id: known?.id ?? randomUUID(),
      tenantId,
      accountId,
      urn: bucketUrn(location),
      provider: location.provider,
      externalAccountId: location.externalAccountId,
      region: location.region,
      name: location.name,
      storageAccount: location.storageAccount ?? null,
      resourceGroup: location.resourceGroup ?? null,
      tags: bucket.tags,
      configuration: bucket.configuration,
      objectCount: String(census.objectCount),
      totalBytes: String(census.totalBytes),
      classMix: census.classMix,
      countsPartial: census.partial,
      findings: bucketFindings(bucket.configuration, personalData),
      personalData,
      recommendations,
      createdAt: bucket.createdAt,
      discoveredAt: now,
    };
  }

  private async publish(
    manager: EntityManager,
    tenantId: string,
    rows: StorageBucket[],
    gone: StorageBucket[],
    now: Date,
  ): Promise<void> {
    if (rows.length > 0) {
      await this.outbox.add(
        manager,
        'resource.discovered',
        rows.map((row) => resourceDiscoveredEvent(tenantId, observedBucket(row))),
      );
    }
    if (gone.length > 0) {
      await this.outbox.add(
        manager,
        'resource.deleted',
        gone.map((row) => ({
          payload: create(ResourceDeletedSchema, {
            urn: row.urn,
            tenantId,
            provider: providerEnum(row.provider),
            accountId: row.externalAccountId,
            resourceType: BUCKET_RESOURCE_TYPES[row.provider],
            observedAt: timestampFromDate(now),
            reason: 'not found by discovery',
          }),
          metadata: { key: row.urn, tenantId },
        })),
      );
    }
  }
}

/** A bucket as the inventory shows it. */
export function observedBucket(row: StorageBucket) {
  return {
    urn: row.urn,
    provider: providerEnum(row.provider),
    accountId: row.externalAccountId,
    region: row.region,
    resourceType: BUCKET_RESOURCE_TYPES[row.provider],
    name: row.storageAccount ? `${row.storageAccount}/${row.name}` : row.name,
    tags: row.tags,
    state: 'available',
    attributes: {
      bucketId: row.id,
      objectCount: Number(row.objectCount),
      totalBytes: Number(row.totalBytes),
      classMix: row.classMix,
      countsPartial: row.countsPartial,
      publicAccess: row.configuration.publicAccess.length > 0,
      encryption: row.configuration.encryption,
      versioning: row.configuration.versioning,
      lifecycleRules: row.configuration.lifecycleRules,
      accessLogging: row.configuration.accessLogging,
      findings: row.findings.map((finding) => `${finding.kind}:${finding.severity}`),
      personalData: row.personalData ?? {},
      tieringRecommendations: row.recommendations.map((recommendation) => ({
        prefix: recommendation.prefix,
        fromClass: recommendation.fromClass,
        toClass: recommendation.toClass,
        objects: recommendation.objects,
        bytes: recommendation.bytes,
        monthlySaving: recommendation.monthlySaving,
        oneOffTransitionCost: recommendation.oneOffTransitionCost,
        paybackMonths: Number.isFinite(recommendation.paybackMonths)
          ? recommendation.paybackMonths
          : null,
        minimumDurationDays: recommendation.minimumDurationDays,
      })),
      ...(row.storageAccount ? { storageAccount: row.storageAccount } : {}),
      ...(row.resourceGroup ? { resourceGroup: row.resourceGroup } : {}),
    },
    observedAt: row.discoveredAt,
  };
}
