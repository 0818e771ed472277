import type { Readable } from 'node:stream';

import type { AccountAccess } from '@codex/connectors';

export type StorageProvider = 'aws' | 'gcp' | 'azure';

/**
 * Where a bucket is: S3 and GCS buckets by name; an Azure container by its storage account
 * (and that account's resource group, for Resource Manager) and its name.
 */
export interface BucketLocation {
  provider: StorageProvider;
  /** The provider's account: AWS account number, GCP project, Azure subscription. */
  externalAccountId: string;
  region: string;
  /** The bucket or container. */
  name: string;
  storageAccount?: string;
  resourceGroup?: string;
}

/** How a bucket is set up, as the provider reports it; what its findings are read from. */
export interface BucketConfiguration {
  /** Why anyone on the internet can read it; empty when nobody can. */
  publicAccess: string[];
  /** The default encryption at rest, or null when objects are stored unencrypted by default. */
  encryption: string | null;
  versioning: boolean;
  lifecycleRules: number;
  /** Where access is logged; null when it is not; 'unknown' when the provider's API here cannot say. */
  accessLogging: string | null;
}

/** A bucket or container as a provider's listing shows it. */
export interface DiscoveredBucket {
  location: BucketLocation;
  tags: Record<string, string>;
  createdAt: Date | null;
  configuration: BucketConfiguration;
}

export interface StoredObject {
  key: string;
  size: number;
  storageClass: string;
  lastModified: Date;
  etag: string | null;
  /** When the object was last read, where the provider says (Azure's last access tracking). */
  lastAccessed?: Date | null;
}

export interface ObjectMetadata extends StoredObject {
  contentType: string | null;
  /** The provider's checksum of the bytes: S3 ETag of a single-part upload, GCS md5Hash, Blob Content-MD5. */
  md5: string | null;
  metadata: Record<string, string>;
  versionId: string | null;
}

export interface ListRequest {
  prefix: string;
  /** Usually `/`; empty lists every key under the prefix. */
  delimiter: string;
  /** The provider's continuation token from the previous page. */
  pageToken: string | null;
  limit: number;
}

/** One page as the provider answered it: objects, the common prefixes, and how to go on. */
export interface ObjectPage {
  objects: StoredObject[];
  prefixes: string[];
  nextPageToken: string | null;
}

export interface SignedUrlRequest {
  method: 'GET' | 'PUT';
  key: string;
  expiresInSeconds: number;
  contentType?: string;
}

export interface WriteOptions {
  size: number;
  contentType: string | null;
  storageClass?: string;
  metadata: Record<string, string>;
}

/** One provider's object storage, reached through one connected account. */
export interface ObjectStore {
  /** Every bucket of the account the credentials can see, with its configuration. */
  discover(access: AccountAccess): Promise<DiscoveredBucket[]>;
  list(access: AccountAccess, bucket: BucketLocation, request: ListRequest): Promise<ObjectPage>;
  head(access: AccountAccess, bucket: BucketLocation, key: string): Promise<ObjectMetadata>;
  signedUrl(
    access: AccountAccess,
    bucket: BucketLocation,
    request: SignedUrlRequest,
  ): Promise<string>;
  /** The object's bytes; `length` reads only its first bytes. */
  read(
    access: AccountAccess,
    bucket: BucketLocation,
    key: string,
    length?: number,
  ): Promise<Readable>;
  /** Streams the body in (multipart or block upload for large objects). */
  write(
    access: AccountAccess,
    bucket: BucketLocation,
    key: string,
    body: Readable,
    options: WriteOptions,
  ): Promise<void>;
  delete(access: AccountAccess, bucket: BucketLocation, key: string): Promise<void>;
  /** Deletes every version of the key, where the provider keeps versions and this store can list them. */
  deleteAllVersions?(access: AccountAccess, bucket: BucketLocation, key: string): Promise<void>;
  /** Moves the object to another storage class (S3 copy in place, GCS rewrite, Azure tier). */
  changeClass(
    access: AccountAccess,
    bucket: BucketLocation,
    key: string,
    storageClass: string,
  ): Promise<void>;
  /** The classes the provider offers, coldest last. */
  readonly storageClasses: readonly string[];
}
