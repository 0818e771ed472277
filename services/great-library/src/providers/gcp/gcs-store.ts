import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

import {
  accessIdentity,
  type AccountAccess,
  ClientPool,
  type GcpAccountAccess,
  gcsClient,
  toGcpProviderError,
} from '@codex/connectors';
import type { Bucket, BucketMetadata, Policy, Storage } from '@google-cloud/storage';

import type {
  BucketConfiguration,
  BucketLocation,
  DiscoveredBucket,
  ListRequest,
  ObjectMetadata,
  ObjectPage,
  ObjectStore,
  SignedUrlRequest,
  StoredObject,
  WriteOptions,
} from '../../storage/ports';
import { absentAs } from '../absent-as';

const PUBLIC_MEMBERS = new Set(['allUsers', 'allAuthenticatedUsers']);
/** Larger uploads go resumable, in chunks the SDK retries on their own. */
const RESUMABLE_FROM_BYTES = 8 * 1024 * 1024;

interface GcsObjectFields {
  name?: string;
  size?: string | number;
  storageClass?: string;
  updated?: string;
  etag?: string;
  md5Hash?: string;
  contentType?: string;
  metadata?: Record<string, string>;
  generation?: string | number;
}

/** Cloud Storage, one client per project and key. */
export class GcsStore implements ObjectStore {
  readonly storageClasses = ['STANDARD', 'NEARLINE', 'COLDLINE', 'ARCHIVE'] as const;
  private readonly clients = new ClientPool<{ storage: Storage; destroy(): void }>();

  async discover(access: AccountAccess): Promise<DiscoveredBucket[]> {
    const gcp = gcpAccess(access);
    const [buckets] = await this.call(() =>
      this.storage(gcp).getBuckets({ project: gcp.accountId }),
    );
    const discovered: DiscoveredBucket[] = [];
    for (const bucket of buckets) {
      const [metadata] = await this.call(() => bucket.getMetadata());
      const region = String(metadata.location ?? 'us').toLowerCase();
      if (gcp.regions.length > 0 && !gcp.regions.includes(region)) continue;
      discovered.push({
        location: { provider: 'gcp', externalAccountId: gcp.accountId, region, name: bucket.name },
        tags: (metadata.labels ?? {}) as Record<string, string>,
        createdAt: metadata.timeCreated ? new Date(metadata.timeCreated) : null,
        configuration: await this.configurationOf(bucket, metadata),
      });
    }
    return discovered;
  }

  async list(access: AccountAccess, bucket: BucketLocation, request: ListRequest) {
    const [files, , answer] = await this.call(() =>
      this.bucket(access, bucket).getFiles({
        autoPaginate: false,
        maxResults: request.limit,
        ...(request.prefix ? { prefix: request.prefix } : {}),
        ...(request.delimiter ? { delimiter: request.delimiter } : {}),
        ...(request.pageToken ? { pageToken: request.pageToken } : {}),
      }),
    );
    const page = answer as { prefixes?: string[]; nextPageToken?: string } | undefined;
    return {
      objects: files.map((file) => storedObject(file.metadata as GcsObjectFields)),
      prefixes: page?.prefixes ?? [],
      nextPageToken: page?.nextPageToken ?? null,
    } satisfies ObjectPage;
  }

  async head(access: AccountAccess, bucket: BucketLocation, key: string): Promise<ObjectMetadata> {
    const [metadata] = await this.call(() => this.bucket(access, bucket).file(key).getMetadata());
    const fields = metadata as GcsObjectFields;
    return {
      ...storedObject(fields),
      contentType: fields.contentType ?? null,
      md5: fields.md5Hash ? Buffer.from(fields.md5Hash, 'base64').toString('hex') : null,
      metadata: fields.metadata ?? {},
      versionId: fields.generation === undefined ? null : String(fields.generation),
    };
  }

  /** A V4 signed URL, signed offline with the service account's private key. */
  async signedUrl(access: AccountAccess, bucket: BucketLocation, request: SignedUrlRequest) {
    const [url] = await this.call(() =>
      this.bucket(access, bucket)
        .file(request.key)
        .getSignedUrl({
          version: 'v4',
          action: request.method === 'GET' ? 'read' : 'write',
          expires: Date.now() + request.expiresInSeconds * 1000,
          ...(request.contentType ? { contentType: request.contentType } : {}),
        }),
    );
    return url;
  }

  read(access: AccountAccess, bucket: BucketLocation, key: string, length?: number) {
    const file = this.bucket(access, bucket).file(key);
    return Promise.resolve<Readable>(
      file.createReadStream(length ? { start: 0, end: length - 1 } : {}),
    );
  }

  async write(
    access: AccountAccess,
    bucket: BucketLocation,
    key: string,
    body: Readable,
    options: WriteOptions,
  ): Promise<void> {
    const target = this.bucket(access, bucket).file(key);
    await this.call(() =>
      pipeline(
        body,
        target.createWriteStream({
          resumable: options.size >= RESUMABLE_FROM_BYTES,
          validation: 'crc32c',
          metadata: {
            ...(options.contentType ? { contentType: options.contentType } : {}),
            ...(options.storageClass ? { storageClass: options.storageClass } : {}),
            metadata: options.metadata,
          },
        }),
      ),
    );
  }

  async delete(access: AccountAccess, bucket: BucketLocation, key: string): Promise<void> {
    await this.call(() => this.bucket(access, bucket).file(key).delete());
  }

  async deleteAllVersions(access: AccountAccess, bucket: BucketLocation, key: string) {
    const target = this.bucket(access, bucket);
    const [files] = await this.call(() => target.getFiles({ prefix: key, versions: true }));
    for (const file of files.filter((candidate) => candidate.name === key)) {
      const generation = file.metadata.generation;
      await this.call(() =>
        target
          .file(key, generation === undefined ? {} : { generation: Number(generation) })
          .delete(),
      );
    }
  }

  /** A rewrite into the new class, as `setStorageClass` does. */
  async changeClass(
    access: AccountAccess,
    bucket: BucketLocation,
    key: string,
    storageClass: string,
  ): Promise<void> {
    await this.call(() => this.bucket(access, bucket).file(key).setStorageClass(storageClass));
  }

  private async configurationOf(
    bucket: Bucket,
    metadata: BucketMetadata,
  ): Promise<BucketConfiguration> {
    const policy = await this.call(() =>
      absentAs(bucket.iam.getPolicy({ requestedPolicyVersion: 3 }) as Promise<[Policy, unknown]>, [
        '404',
      ]),
    );
    const prevention = metadata.iamConfiguration?.publicAccessPrevention === 'enforced';
    const publicAccess = prevention
      ? []
      : (policy?.[0].bindings ?? []).flatMap((binding) =>
          (binding.members ?? [])
            .filter((member: string) => PUBLIC_MEMBERS.has(member))
            .map((member: string) => `IAM binds ${member} to ${binding.role}`),
        );
    return {
      publicAccess,
      // Cloud Storage encrypts every object; a customer-managed key is named when one is set.
      encryption: metadata.encryption?.defaultKmsKeyName
        ? `CMEK ${metadata.encryption.defaultKmsKeyName}`
        : 'Google-managed',
      versioning: metadata.versioning?.enabled === true,
      lifecycleRules: metadata.lifecycle?.rule?.length ?? 0,
      accessLogging: metadata.logging?.logBucket ?? null,
    };
  }

  private bucket(access: AccountAccess, bucket: BucketLocation): Bucket {
    return this.storage(gcpAccess(access)).bucket(bucket.name);
  }

  private storage(access: GcpAccountAccess): Storage {
    return this.clients.get(accessIdentity(access), () => ({
      storage: gcsClient(access),
      destroy: () => undefined,
    })).storage;
  }

  private async call<T>(send: () => Promise<T>): Promise<T> {
    try {
      return await send();
    } catch (error) {
      throw toGcpProviderError(error);
    }
  }
}

function storedObject(fields: GcsObjectFields): StoredObject {
  return {
    key: fields.name ?? '',
    size: Number(fields.size ?? 0),
    storageClass: fields.storageClass ?? 'STANDARD',
    lastModified: fields.updated ? new Date(fields.updated) : new Date(0),
    etag: fields.etag ?? null,
  };
}

function gcpAccess(access: AccountAccess): GcpAccountAccess {
  if (access.provider !== 'gcp') throw new Error(`an ${access.provider} account reached GCS`);
  return access;
}
