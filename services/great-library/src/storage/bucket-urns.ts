import { awsUrns, azureUrns, gcpUrns } from '@codex/connectors';

import type { BucketLocation, StorageProvider } from './ports';

/** The inventory's resource type of a bucket, per provider. */
export const BUCKET_RESOURCE_TYPES = {
  aws: 's3/bucket',
  gcp: 'storage/bucket',
  azure: 'storage/container',
} as const satisfies Record<StorageProvider, string>;

/** The URN of a bucket or container; Azure's in lower case, as its compute URNs are. */
export function bucketUrn(location: BucketLocation): string {
  const { provider, externalAccountId: accountId, region, name } = location;
  switch (provider) {
    case 'aws':
      return awsUrns.format({ accountId, region, resourceType: 's3/bucket', resourceId: name });
    case 'gcp':
      return gcpUrns.format({
        accountId,
        region,
        resourceType: 'storage/bucket',
        resourceId: name,
      });
    case 'azure':
      return azureUrns.format({
        accountId,
        region,
        resourceType: 'storage/container',
        resourceId: [location.resourceGroup, location.storageAccount, name]
          .map((part) => (part ?? '').toLowerCase())
          .join('/'),
      });
  }
}
