import type { Readable } from 'node:stream';

import { resourceDiscoveredEvent } from '@codex/actions';
import type { Outbox } from '@codex/messaging';
import { withTenant } from '@codex/persistence';
import type { DataSource, EntityManager } from 'typeorm';

import type { BucketDirectory, OpenBucket } from '../buckets/bucket-directory';
import { StorageBucket } from '../buckets/storage-bucket.entity';
import { type Classification, classifyBytes } from '../classification';
import { observedBucket } from '../discovery/storage-discovery';
import { bucketFindings } from '../findings/bucket-findings';
import { objectPages } from '../storage/object-pages';
import type { StoredObject } from '../storage/ports';
import { groupByPrefix } from '../tiering/group-by-prefix';
import { ObjectClassification } from './object-classification.entity';

export interface ScanOptions {
  /** Only objects under it; '' for the whole bucket. */
  prefix: string;
  objectsPerPrefix: number;
  bytesPerObject: number;
  /** The most objects listed to choose the sample from. */
  maxListed: number;
}

export interface ScanSummary {
  objectsScanned: number;
  bytesScanned: number;
  counts: Record<string, number>;
  prefixes: { prefix: string; objects: number; counts: Record<string, number> }[];
}

const PARALLEL_READS = 8;

/**
 * Samples a bucket's objects — at most `objectsPerPrefix` under each top-level prefix, spread
 * evenly over the listing, the first `bytesPerObject` bytes of each — and classifies them. Per
 * object it keeps counts and masked examples, never a matched value; the bucket's totals feed
 * its findings, and the bucket is published again.
 */
export class BucketScanner {
  constructor(
    private readonly dataSource: DataSource,
    private readonly buckets: BucketDirectory,
    private readonly outbox: Outbox,
  ) {}

  async scan(tenantId: string, bucketId: string, options: ScanOptions): Promise<ScanSummary> {
    const open = await this.buckets.open(tenantId, bucketId);
    const listed = await this.listed(open, options);
    const sample = groupByPrefix(listed, 1).flatMap(({ objects }) =>
      spread(objects, options.objectsPerPrefix),
    );
    const results: { object: StoredObject; classification: Classification }[] = [];
    for (let start = 0; start < sample.length; start += PARALLEL_READS) {
      const batch = sample.slice(start, start + PARALLEL_READS);
      results.push(
        ...(await Promise.all(
          batch.map(async (object) => ({
            object,
            classification: classifyBytes(await this.head(open, object, options.bytesPerObject), {
              key: object.key,
              maxBytes: options.bytesPerObject * 8,
            }),
          })),
        )),
      );
    }
    const scannedAt = new Date();
    await withTenant(this.dataSource, tenantId, async (manager) => {
      const rows = results.map(({ object, classification }) => ({
        bucketId,
        key: object.key,
        tenantId,
        prefix: topPrefix(object.key),
        counts: { ...classification.counts },
        examples: { ...classification.examples },
        scannedBytes: classification.scannedBytes,
        skipped: classification.skipped ?? null,
        scannedAt,
      }));
      for (let start = 0; start < rows.length; start += 500) {
        await manager
          .getRepository(ObjectClassification)
          .upsert(rows.slice(start, start + 500), ['bucketId', 'key']);
      }
      const totals = await this.bucketTotals(manager, bucketId);
      const bucket = open.bucket;
      bucket.personalData = totals;
      bucket.findings = bucketFindings(bucket.configuration, totals);
      await manager
        .getRepository(StorageBucket)
        .update({ id: bucketId }, { personalData: totals, findings: bucket.findings });
      await this.outbox.add(manager, 'resource.discovered', [
        resourceDiscoveredEvent(tenantId, observedBucket(bucket)),
      ]);
    });
    return summary(results);
  }

  /** Every scanned object's counts added up, whichever scan found them. */
  private async bucketTotals(
    manager: EntityManager,
    bucketId: string,
  ): Promise<Record<string, number>> {
    const rows: { category: string; total: string }[] = await manager.query(
      `SELECT entry.key AS category, SUM((entry.value)::bigint) AS total
         FROM storage_object_classifications, jsonb_each_text(counts) AS entry
        WHERE bucket_id = $1 GROUP BY entry.key`,
      [bucketId],
    );
    return Object.fromEntries(rows.map((row) => [row.category, Number(row.total)]));
  }

  private async listed(open: OpenBucket, options: ScanOptions): Promise<StoredObject[]> {
    const objects: StoredObject[] = [];
    for await (const page of objectPages(open.store, open.access, open.location, options.prefix)) {
      objects.push(...page.objects.filter((object) => object.size > 0));
      if (objects.length >= options.maxListed) break;
    }
    return objects;
  }

  private async head(open: OpenBucket, object: StoredObject, bytes: number): Promise<Buffer> {
    const stream = await open.store.read(
      open.access,
      open.location,
      object.key,
      Math.min(bytes, object.size),
    );
    return collect(stream, bytes);
  }
}

async function collect(stream: Readable, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let length = 0;
  for await (const chunk of stream) {
    const buffer = chunk as Buffer;
    chunks.push(buffer);
    length += buffer.length;
    if (length >= limit) {
      stream.destroy();
      break;
    }
  }
  return Buffer.concat(chunks).subarray(0, limit);
}

/** At most `count` of the objects, evenly spaced over them. */
function spread<T>(objects: readonly T[], count: number): T[] {
  if (objects.length <= count) return [...objects];
  const step = objects.length / count;
  return Array.from({ length: count }, (_, index) => objects[Math.floor(index * step)] as T);
}

/** The key's first path segment with its slash, or '' for a key at the top. */
export function topPrefix(key: string): string {
  const slash = key.indexOf('/');
  return slash < 0 ? '' : key.slice(0, slash + 1);
}

function summary(results: { object: StoredObject; classification: Classification }[]): ScanSummary {
  const counts: Record<string, number> = {};
  const byPrefix = new Map<
    string,
    { prefix: string; objects: number; counts: Record<string, number> }
  >();
  let bytesScanned = 0;
  for (const { object, classification } of results) {
    bytesScanned += classification.scannedBytes;
    const prefix = topPrefix(object.key);
    const entry = byPrefix.get(prefix) ?? { prefix, objects: 0, counts: {} };
    entry.objects += 1;
    for (const [category, count] of Object.entries(classification.counts)) {
      counts[category] = (counts[category] ?? 0) + count;
      entry.counts[category] = (entry.counts[category] ?? 0) + count;
    }
    byPrefix.set(prefix, entry);
  }
  return {
    objectsScanned: results.length,
    bytesScanned,
    counts,
    prefixes: [...byPrefix.values()].sort((a, b) => a.prefix.localeCompare(b.prefix)),
  };
}
