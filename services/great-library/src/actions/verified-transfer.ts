import { createHash } from 'node:crypto';
import { PassThrough, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

import { verificationFailed } from '@codex/connectors';

import type { OpenBucket } from '../buckets/bucket-directory';
import type { ObjectMetadata } from '../storage/ports';

export interface VerifiedCopy {
  key: string;
  bytes: number;
  sha256: string;
}

/**
 * Streams one object into the destination (multipart or block upload for large ones), hashing
 * the source bytes on the way, then reads the copy back and compares size and SHA-256. Throws a
 * VerificationFailed conflict when they differ; nothing is deleted here.
 */
export async function copyVerified(
  source: OpenBucket,
  object: ObjectMetadata,
  destination: OpenBucket,
  destinationKey: string,
  storageClass: string | undefined,
): Promise<VerifiedCopy> {
  const hash = createHash('sha256');
  const tap = new PassThrough();
  tap.on('data', (chunk: Buffer) => hash.update(chunk));
  const body = await source.store.read(source.access, source.location, object.key);
  const written = destination.store.write(
    destination.access,
    destination.location,
    destinationKey,
    tap,
    {
      size: object.size,
      contentType: object.contentType,
      ...(storageClass ? { storageClass } : {}),
      metadata: { ...object.metadata, codex_source: `${source.bucket.urn}/${object.key}` },
    },
  );
  await Promise.all([pipeline(body, tap), written]);
  const sourceSha = hash.digest('hex');
  const copied = await destination.store.head(
    destination.access,
    destination.location,
    destinationKey,
  );
  const copySha = await sha256Of(
    await destination.store.read(destination.access, destination.location, destinationKey),
  );
  if (copied.size !== object.size || copySha !== sourceSha) {
    throw verificationFailed(
      destination.bucket.provider,
      `the copy of ${object.key} in ${destination.bucket.name} differs from the source (${copied.size} bytes, SHA-256 ${copySha}; source ${object.size} bytes, ${sourceSha})`,
    );
  }
  return { key: destinationKey, bytes: object.size, sha256: sourceSha };
}

export async function sha256Of(stream: Readable): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of stream) hash.update(chunk as Buffer);
  return hash.digest('hex');
}
