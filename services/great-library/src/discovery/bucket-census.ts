import type { AccountAccess } from '@codex/connectors';

import type { ClassMix } from '../buckets/storage-bucket.entity';
import { objectPages } from '../storage/object-pages';
import type { BucketLocation, ObjectStore, StoredObject } from '../storage/ports';

/** What a bucket holds, counted by listing it. */
export interface BucketCensus {
  objectCount: number;
  totalBytes: number;
  classMix: ClassMix;
  /** The listing stopped at the limit: the figures are a lower bound. */
  partial: boolean;
  /** Every counted object, for the tiering recommendations. */
  objects: StoredObject[];
}

/**
 * Counts objects, bytes and the storage-class mix by listing the whole bucket, up to a limit.
 * (S3 and Azure Monitor publish daily size metrics; a listing is exact and works on every peer.)
 */
export async function bucketCensus(
  store: ObjectStore,
  access: AccountAccess,
  bucket: BucketLocation,
  maxObjects: number,
): Promise<BucketCensus> {
  const census: BucketCensus = {
    objectCount: 0,
    totalBytes: 0,
    classMix: {},
    partial: false,
    objects: [],
  };
  for await (const page of objectPages(store, access, bucket, '')) {
    for (const object of page.objects) {
      census.objectCount += 1;
      census.totalBytes += object.size;
      const mix = (census.classMix[object.storageClass] ??= { objects: 0, bytes: 0 });
      mix.objects += 1;
      mix.bytes += object.size;
      census.objects.push(object);
    }
    if (page.nextPageToken && census.objectCount >= maxObjects) {
      census.partial = true;
      break;
    }
  }
  return census;
}
