import type { Readable } from 'node:stream';

import type { StorageAccount } from '@azure/arm-storage';
import {
  BlobSASPermissions,
  type BlobSASPermissions as Permissions,
  generateBlobSASQueryParameters,
  SASProtocol,
} from '@azure/storage-blob';
import type { StorageAccountKeys } from '@codex/connectors';
import {
  type AccountAccess,
  type AzureAccountAccess,
  parseAzureResourceId,
  toAzureProviderError,
} from '@codex/connectors';

import type {
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

const BLOCK_SIZE = 8 * 1024 * 1024;

/** Blob Storage: storage accounts from Resource Manager, containers and blobs from the data plane. */
export class BlobStore implements ObjectStore {
  readonly storageClasses = ['Hot', 'Cool', 'Cold', 'Archive'] as const;

  constructor(private readonly keys: StorageAccountKeys) {}

  async discover(access: AccountAccess): Promise<DiscoveredBucket[]> {
    const azure = azureAccess(access);
    const management = this.keys.management(azure);
    const discovered: DiscoveredBucket[] = [];
    const accounts: StorageAccount[] = [];
    await this.call(async () => {
      for await (const account of management.storageAccounts.list()) accounts.push(account);
    });
    for (const account of accounts) {
      const region = (account.location ?? '').toLowerCase();
      if (azure.regions.length > 0 && !azure.regions.includes(region)) continue;
      const resourceGroup = parseAzureResourceId(account.id ?? '')?.resourceGroup ?? '';
      const name = account.name ?? '';
      const [service, policy] = await Promise.all([
        this.call(() => management.blobServices.getServiceProperties(resourceGroup, name)),
        this.call(() =>
          absentAs(management.managementPolicies.get(resourceGroup, name, 'default'), ['404']),
        ),
      ]);
      const blob = await this.call(() =>
        this.keys.blobAccount(azure, resourceGroup, name, account.primaryEndpoints?.blob),
      );
      const publicAllowed = account.allowBlobPublicAccess !== false;
      const keySource = account.encryption?.keySource ?? 'Microsoft.Storage';
      await this.call(async () => {
        for await (const container of blob.service.listContainers()) {
          const level = container.properties.publicAccess;
          discovered.push({
            location: {
              provider: 'azure',
              externalAccountId: azure.accountId,
              region,
              name: container.name,
              storageAccount: name,
              resourceGroup,
            },
            tags: account.tags ?? {},
            createdAt: container.properties.lastModified ?? null,
            configuration: {
              publicAccess:
                publicAllowed && level
                  ? [
                      `the container allows anonymous ${level === 'container' ? 'listing and reading' : 'reading of blobs'} (public access: ${level})`,
                    ]
                  : [],
              encryption: account.encryption?.services?.blob?.enabled === false ? null : keySource,
              versioning: service.isVersioningEnabled === true,
              lifecycleRules: policy?.policy?.rules?.length ?? 0,
              // Blob access logs are diagnostic settings of Azure Monitor, not read here.
              accessLogging: 'unknown',
            },
          });
        }
      });
    }
    return discovered;
  }

  async list(access: AccountAccess, bucket: BucketLocation, request: ListRequest) {
    const container = await this.container(access, bucket);
    const options = { ...(request.prefix ? { prefix: request.prefix } : {}) };
    const pages = request.delimiter
      ? container.listBlobsByHierarchy(request.delimiter, options)
      : container.listBlobsFlat(options);
    const iterator = pages.byPage({
      maxPageSize: request.limit,
      ...(request.pageToken ? { continuationToken: request.pageToken } : {}),
    });
    const next = await this.call(() => iterator.next());
    const page = next.value as
      | {
          continuationToken?: string;
          segment: {
            blobItems: {
              name: string;
              properties: {
                contentLength?: number;
                accessTier?: string;
                lastModified: Date;
                etag?: string;
                lastAccessedOn?: Date;
              };
            }[];
            blobPrefixes?: { name: string }[];
          };
        }
      | undefined;
    return {
      objects: (page?.segment.blobItems ?? []).map((blob) => ({
        key: blob.name,
        size: blob.properties.contentLength ?? 0,
        storageClass: blob.properties.accessTier ?? 'Hot',
        lastModified: blob.properties.lastModified,
        etag: blob.properties.etag ?? null,
        lastAccessed: blob.properties.lastAccessedOn ?? null,
      })),
      prefixes: (page?.segment.blobPrefixes ?? []).map((prefix) => prefix.name),
      nextPageToken: page?.continuationToken || null,
    } satisfies ObjectPage;
  }

  async head(access: AccountAccess, bucket: BucketLocation, key: string): Promise<ObjectMetadata> {
    const container = await this.container(access, bucket);
    const answer = await this.call(() => container.getBlobClient(key).getProperties());
    return {
      key,
      size: answer.contentLength ?? 0,
      storageClass: answer.accessTier ?? 'Hot',
      lastModified: answer.lastModified ?? new Date(0),
      etag: answer.etag ?? null,
      lastAccessed: answer.lastAccessed ?? null,
      contentType: answer.contentType ?? null,
      md5: answer.contentMD5 ? Buffer.from(answer.contentMD5).toString('hex') : null,
      metadata: answer.metadata ?? {},
      versionId: answer.versionId ?? null,
    };
  }

  /** A service SAS for one blob, signed with the account key; HTTPS only unless the endpoint is plain HTTP (a local peer). */
  async signedUrl(access: AccountAccess, bucket: BucketLocation, request: SignedUrlRequest) {
    const account = await this.account(access, bucket);
    const permissions: Permissions = BlobSASPermissions.parse(
      request.method === 'GET' ? 'r' : 'cw',
    );
    const now = Date.now();
    const sas = generateBlobSASQueryParameters(
      {
        containerName: bucket.name,
        blobName: request.key,
        permissions,
        startsOn: new Date(now - 60_000),
        expiresOn: new Date(now + request.expiresInSeconds * 1000),
        protocol: account.endpoint.startsWith('https:')
          ? SASProtocol.Https
          : SASProtocol.HttpsAndHttp,
        ...(request.contentType ? { contentType: request.contentType } : {}),
      },
      account.credential,
    ).toString();
    const blob = account.service.getContainerClient(bucket.name).getBlobClient(request.key);
    return `${blob.url}?${sas}`;
  }

  async read(access: AccountAccess, bucket: BucketLocation, key: string, length?: number) {
    const container = await this.container(access, bucket);
    const answer = await this.call(() =>
      container.getBlobClient(key).download(0, length && length > 0 ? length : undefined),
    );
    return answer.readableStreamBody as Readable;
  }

  async write(
    access: AccountAccess,
    bucket: BucketLocation,
    key: string,
    body: Readable,
    options: WriteOptions,
  ): Promise<void> {
    const container = await this.container(access, bucket);
    await this.call(() =>
      container.getBlockBlobClient(key).uploadStream(body, BLOCK_SIZE, 4, {
        blobHTTPHeaders: options.contentType ? { blobContentType: options.contentType } : {},
        metadata: azureMetadata(options.metadata),
        ...(options.storageClass ? { tier: options.storageClass } : {}),
      }),
    );
  }

  async delete(access: AccountAccess, bucket: BucketLocation, key: string): Promise<void> {
    const container = await this.container(access, bucket);
    await this.call(() => container.getBlobClient(key).delete({ deleteSnapshots: 'include' }));
  }

  async changeClass(
    access: AccountAccess,
    bucket: BucketLocation,
    key: string,
    storageClass: string,
  ): Promise<void> {
    const container = await this.container(access, bucket);
    await this.call(() => container.getBlobClient(key).setAccessTier(storageClass));
  }

  private async container(access: AccountAccess, bucket: BucketLocation) {
    return (await this.account(access, bucket)).service.getContainerClient(bucket.name);
  }

  private account(access: AccountAccess, bucket: BucketLocation) {
    if (!bucket.storageAccount || !bucket.resourceGroup) {
      throw new Error(`container ${bucket.name} has no storage account`);
    }
    const { storageAccount, resourceGroup } = bucket;
    return this.call(() =>
      this.keys.blobAccount(azureAccess(access), resourceGroup, storageAccount),
    );
  }

  private async call<T>(send: () => Promise<T>): Promise<T> {
    try {
      return await send();
    } catch (error) {
      throw toAzureProviderError(error);
    }
  }
}

/** Blob metadata names must be C# identifiers: other characters become `_`. */
function azureMetadata(metadata: Record<string, string>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(metadata).map(([name, value]) => [
      name.replace(/[^A-Za-z0-9_]/g, '_').replace(/^(?=\d)/, '_'),
      value,
    ]),
  );
}

function azureAccess(access: AccountAccess): AzureAccountAccess {
  if (access.provider !== 'azure') throw new Error(`an ${access.provider} account reached Blob`);
  return access;
}
