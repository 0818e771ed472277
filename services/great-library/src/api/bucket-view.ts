import type { StorageBucket } from '../buckets/storage-bucket.entity';
import type { BucketView } from './storage.schemas';

/** A bucket as the API shows it; each recommendation with the action request that applies it. */
export function toBucketView(bucket: StorageBucket): BucketView {
  return {
    id: bucket.id,
    urn: bucket.urn,
    provider: bucket.provider,
    accountId: bucket.accountId,
    externalAccountId: bucket.externalAccountId,
    region: bucket.region,
    name: bucket.name,
    storageAccount: bucket.storageAccount,
    tags: bucket.tags,
    objectCount: Number(bucket.objectCount),
    totalBytes: Number(bucket.totalBytes),
    classMix: bucket.classMix,
    countsPartial: bucket.countsPartial,
    configuration: bucket.configuration,
    findings: bucket.findings,
    personalData: bucket.personalData,
    recommendations: bucket.recommendations.map((recommendation) => ({
      ...recommendation,
      action: {
        targetUrn: bucket.urn,
        type: 'change_class' as const,
        params: {
          ...(recommendation.prefix ? { prefix: recommendation.prefix } : { prefix: '' }),
          storageClass: recommendation.toClass,
          fromClass: recommendation.fromClass,
          olderThanDays: Math.max(30, recommendation.minimumDurationDays),
          maxObjects: recommendation.objects,
        },
        reason: `Tiering: ${recommendation.explanation}`,
        draft: true as const,
      },
    })),
    createdAt: bucket.createdAt?.toISOString() ?? null,
    discoveredAt: bucket.discoveredAt.toISOString(),
  };
}
