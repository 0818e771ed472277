import type { Readable } from 'node:stream';

import {
  CopyObjectCommand,
  DeleteObjectCommand,
  DeleteObjectsCommand,
  GetBucketAclCommand,
  GetBucketEncryptionCommand,
  GetBucketLifecycleConfigurationCommand,
  GetBucketLocationCommand,
  GetBucketLoggingCommand,
  GetBucketPolicyStatusCommand,
  GetBucketTaggingCommand,
  GetBucketVersioningCommand,
  GetObjectCommand,
  GetPublicAccessBlockCommand,
  HeadObjectCommand,
  ListBucketsCommand,
  ListObjectsV2Command,
  ListObjectVersionsCommand,
  PutObjectCommand,
  S3Client,
  type StorageClass,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import {
  type AccountAccess,
  type AwsAccountAccess,
  type AwsClientPool,
  toAwsProviderError,
} from '@codex/connectors';

import type {
  BucketConfiguration,
  BucketLocation,
  DiscoveredBucket,
  ListRequest,
  ObjectMetadata,
  ObjectPage,
  ObjectStore,
  SignedUrlRequest,
  WriteOptions,
} from '../../storage/ports';
import { absentAs } from '../absent-as';

const ALL_USERS = 'http://acs.amazonaws.com/groups/global/AllUsers';
const AUTHENTICATED_USERS = 'http://acs.amazonaws.com/groups/global/AuthenticatedUsers';
const PART_SIZE = 8 * 1024 * 1024;

/** S3, through the account's pooled clients (each call inside the account's breaker). */
export class S3Store implements ObjectStore {
  readonly storageClasses = [
    'STANDARD',
    'INTELLIGENT_TIERING',
    'STANDARD_IA',
    'ONEZONE_IA',
    'GLACIER_IR',
    'GLACIER',
    'DEEP_ARCHIVE',
  ] as const;

  constructor(private readonly pool: AwsClientPool) {}

  async discover(access: AccountAccess): Promise<DiscoveredBucket[]> {
    const aws = awsAccess(access);
    const home = aws.regions[0] ?? 'us-east-1';
    const listed = await this.call(() =>
      this.client(aws, home).send(new ListBucketsCommand({ MaxBuckets: 10_000 })),
    );
    const buckets: DiscoveredBucket[] = [];
    for (const bucket of listed.Buckets ?? []) {
      const name = bucket.Name ?? '';
      const region = bucket.BucketRegion ?? (await this.regionOf(aws, home, name));
      if (aws.regions.length > 0 && !aws.regions.includes(region)) continue;
      const client = this.client(aws, region);
      buckets.push({
        location: { provider: 'aws', externalAccountId: aws.accountId, region, name },
        tags: await this.tagsOf(client, name),
        createdAt: bucket.CreationDate ?? null,
        configuration: await this.configurationOf(client, name),
      });
    }
    return buckets;
  }

  async list(access: AccountAccess, bucket: BucketLocation, request: ListRequest) {
    const answer = await this.call(() =>
      this.clientFor(access, bucket).send(
        new ListObjectsV2Command({
          Bucket: bucket.name,
          Prefix: request.prefix || undefined,
          Delimiter: request.delimiter || undefined,
          ContinuationToken: request.pageToken ?? undefined,
          MaxKeys: request.limit,
        }),
      ),
    );
    return {
      objects: (answer.Contents ?? []).map((object) => ({
        key: object.Key ?? '',
        size: object.Size ?? 0,
        storageClass: object.StorageClass ?? 'STANDARD',
        lastModified: object.LastModified ?? new Date(0),
        etag: object.ETag ?? null,
      })),
      prefixes: (answer.CommonPrefixes ?? []).map((prefix) => prefix.Prefix ?? ''),
      nextPageToken: answer.IsTruncated ? (answer.NextContinuationToken ?? null) : null,
    } satisfies ObjectPage;
  }

  async head(access: AccountAccess, bucket: BucketLocation, key: string): Promise<ObjectMetadata> {
    const answer = await this.call(() =>
      this.clientFor(access, bucket).send(new HeadObjectCommand({ Bucket: bucket.name, Key: key })),
    );
    const etag = answer.ETag ?? null;
    return {
      key,
      size: answer.ContentLength ?? 0,
      storageClass: answer.StorageClass ?? 'STANDARD',
      lastModified: answer.LastModified ?? new Date(0),
      etag,
      contentType: answer.ContentType ?? null,
      // A multipart upload's ETag is not the MD5 of the bytes (it has a `-<parts>` suffix).
      md5: etag && !etag.includes('-') ? etag.replaceAll('"', '') : null,
      metadata: answer.Metadata ?? {},
      versionId: answer.VersionId ?? null,
    };
  }

  signedUrl(access: AccountAccess, bucket: BucketLocation, request: SignedUrlRequest) {
    const client = this.clientFor(access, bucket);
    const command =
      request.method === 'GET'
        ? new GetObjectCommand({ Bucket: bucket.name, Key: request.key })
        : new PutObjectCommand({
            Bucket: bucket.name,
            Key: request.key,
            ...(request.contentType ? { ContentType: request.contentType } : {}),
          });
    return this.call(() => getSignedUrl(client, command, { expiresIn: request.expiresInSeconds }));
  }

  async read(access: AccountAccess, bucket: BucketLocation, key: string, length?: number) {
    const answer = await this.call(() =>
      this.clientFor(access, bucket).send(
        new GetObjectCommand({
          Bucket: bucket.name,
          Key: key,
          ...(length ? { Range: `bytes=0-${length - 1}` } : {}),
        }),
      ),
    );
    return answer.Body as Readable;
  }

  async write(
    access: AccountAccess,
    bucket: BucketLocation,
    key: string,
    body: Readable,
    options: WriteOptions,
  ): Promise<void> {
    const upload = new Upload({
      client: this.clientFor(access, bucket),
      partSize: PART_SIZE,
      queueSize: 4,
      leavePartsOnError: false,
      params: {
        Bucket: bucket.name,
        Key: key,
        Body: body,
        ...(options.contentType ? { ContentType: options.contentType } : {}),
        ...(options.storageClass ? { StorageClass: options.storageClass as StorageClass } : {}),
        Metadata: options.metadata,
      },
    });
    await this.call(() => upload.done());
  }

  async delete(access: AccountAccess, bucket: BucketLocation, key: string): Promise<void> {
    await this.call(() =>
      this.clientFor(access, bucket).send(
        new DeleteObjectCommand({ Bucket: bucket.name, Key: key }),
      ),
    );
  }

  async deleteAllVersions(access: AccountAccess, bucket: BucketLocation, key: string) {
    const client = this.clientFor(access, bucket);
    let markers: { KeyMarker?: string; VersionIdMarker?: string } = {};
    for (;;) {
      const page = await this.call(() =>
        client.send(
          new ListObjectVersionsCommand({ Bucket: bucket.name, Prefix: key, ...markers }),
        ),
      );
      const versions = [...(page.Versions ?? []), ...(page.DeleteMarkers ?? [])]
        .filter((version) => version.Key === key)
        .map((version) => ({ Key: key, VersionId: version.VersionId }));
      if (versions.length > 0) {
        await this.call(() =>
          client.send(
            new DeleteObjectsCommand({ Bucket: bucket.name, Delete: { Objects: versions } }),
          ),
        );
      }
      if (!page.IsTruncated) return;
      markers = {
        ...(page.NextKeyMarker ? { KeyMarker: page.NextKeyMarker } : {}),
        ...(page.NextVersionIdMarker ? { VersionIdMarker: page.NextVersionIdMarker } : {}),
      };
    }
  }

  /** A copy onto itself with the new class; S3 keeps the key, metadata and tags. */
  async changeClass(
    access: AccountAccess,
    bucket: BucketLocation,
    key: string,
    storageClass: string,
  ): Promise<void> {
    await this.call(() =>
      this.clientFor(access, bucket).send(
        new CopyObjectCommand({
          Bucket: bucket.name,
          Key: key,
          CopySource: `${bucket.name}/${encodeURIComponent(key)}`,
          StorageClass: storageClass as StorageClass,
          MetadataDirective: 'COPY',
        }),
      ),
    );
  }

  private async configurationOf(client: S3Client, bucket: string): Promise<BucketConfiguration> {
    const ask = <T>(send: () => Promise<T>, absent: string[]) =>
      this.call(() => absentAs(send(), absent));
    const [block, policy, acl, encryption, versioning, lifecycle, logging] = await Promise.all([
      ask(
        () => client.send(new GetPublicAccessBlockCommand({ Bucket: bucket })),
        ['NoSuchPublicAccessBlockConfiguration'],
      ),
      ask(
        () => client.send(new GetBucketPolicyStatusCommand({ Bucket: bucket })),
        ['NoSuchBucketPolicy'],
      ),
      ask(() => client.send(new GetBucketAclCommand({ Bucket: bucket })), []),
      ask(
        () => client.send(new GetBucketEncryptionCommand({ Bucket: bucket })),
        ['ServerSideEncryptionConfigurationNotFoundError'],
      ),
      ask(() => client.send(new GetBucketVersioningCommand({ Bucket: bucket })), []),
      ask(
        () => client.send(new GetBucketLifecycleConfigurationCommand({ Bucket: bucket })),
        ['NoSuchLifecycleConfiguration'],
      ),
      ask(() => client.send(new GetBucketLoggingCommand({ Bucket: bucket })), []),
    ]);
    const blocks = block?.PublicAccessBlockConfiguration;
    const publicAccess: string[] = [];
    if (policy?.PolicyStatus?.IsPublic && !blocks?.RestrictPublicBuckets) {
      publicAccess.push('the bucket policy grants access to everyone (Principal "*")');
    }
    if (!blocks?.IgnorePublicAcls) {
      for (const grant of acl?.Grants ?? []) {
        const uri = grant.Grantee?.URI;
        if (uri === ALL_USERS || uri === AUTHENTICATED_USERS) {
          const who = uri === ALL_USERS ? 'AllUsers' : 'AuthenticatedUsers';
          publicAccess.push(`the ACL grants ${grant.Permission ?? 'access'} to ${who}`);
        }
      }
    }
    const rule = encryption?.ServerSideEncryptionConfiguration?.Rules?.[0];
    return {
      publicAccess,
      encryption: rule?.ApplyServerSideEncryptionByDefault?.SSEAlgorithm ?? null,
      versioning: versioning?.Status === 'Enabled',
      lifecycleRules: lifecycle?.Rules?.length ?? 0,
      accessLogging: logging?.LoggingEnabled?.TargetBucket ?? null,
    };
  }

  private async tagsOf(client: S3Client, bucket: string): Promise<Record<string, string>> {
    const answer = await this.call(() =>
      absentAs(client.send(new GetBucketTaggingCommand({ Bucket: bucket })), ['NoSuchTagSet']),
    );
    return Object.fromEntries(
      (answer?.TagSet ?? []).map((tag) => [tag.Key ?? '', tag.Value ?? '']),
    );
  }

  private async regionOf(access: AwsAccountAccess, home: string, bucket: string): Promise<string> {
    const answer = await this.call(() =>
      this.client(access, home).send(new GetBucketLocationCommand({ Bucket: bucket })),
    );
    // S3 answers no constraint for us-east-1 and `EU` for the oldest eu-west-1 buckets.
    const constraint = answer.LocationConstraint as string | undefined;
    if (!constraint) return 'us-east-1';
    return constraint === 'EU' ? 'eu-west-1' : constraint;
  }

  private clientFor(access: AccountAccess, bucket: BucketLocation): S3Client {
    return this.client(awsAccess(access), bucket.region);
  }

  private client(access: AwsAccountAccess, region: string): S3Client {
    return this.pool.client(S3Client, access, region);
  }

  private async call<T>(send: () => Promise<T>): Promise<T> {
    try {
      return await send();
    } catch (error) {
      throw toAwsProviderError(error);
    }
  }
}

function awsAccess(access: AccountAccess): AwsAccountAccess {
  if (access.provider !== 'aws') throw new Error(`an ${access.provider} account reached S3`);
  return access;
}
