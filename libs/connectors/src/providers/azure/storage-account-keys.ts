import { StorageManagementClient } from '@azure/arm-storage';
import { BlobServiceClient, StorageSharedKeyCredential } from '@azure/storage-blob';

import { accessIdentity } from '../../accounts/access-identity';
import type { AzureAccountAccess } from './azure-access';
import type { AzureClientPool } from './azure-client-pool';

/** How long a listed key is used before Resource Manager is asked again (keys rotate). */
const KEY_TTL_MS = 5 * 60_000;

export interface BlobAccount {
  service: BlobServiceClient;
  credential: StorageSharedKeyCredential;
  /** The data plane's origin and account path, e.g. `https://acct.blob.core.windows.net/`. */
  endpoint: string;
}

/**
 * The data plane of a storage account, reached with a key that Resource Manager lists for
 * the service principal (ADR 21): kept in memory only, for a few minutes, never stored.
 */
export class StorageAccountKeys {
  private readonly accounts = new Map<string, { account: BlobAccount; until: number }>();

  constructor(private readonly pool: AzureClientPool) {}

  management(access: AzureAccountAccess): StorageManagementClient {
    return this.pool.client(
      'storage',
      access,
      (credential, options) => new StorageManagementClient(credential, access.accountId, options),
    );
  }

  async blobAccount(
    access: AzureAccountAccess,
    resourceGroup: string,
    name: string,
    blobEndpoint?: string,
  ): Promise<BlobAccount> {
    const key = `${accessIdentity(access)}|${resourceGroup}|${name}`;
    const cached = this.accounts.get(key);
    if (cached && cached.until > Date.now()) return cached.account;
    const management = this.management(access);
    const endpoint =
      blobEndpoint ??
      (await management.storageAccounts.getProperties(resourceGroup, name)).primaryEndpoints
        ?.blob ??
      `https://${name}.blob.core.windows.net/`;
    const keys = await management.storageAccounts.listKeys(resourceGroup, name);
    const value = keys.keys?.find((candidate) => candidate.value)?.value;
    if (!value) throw new Error(`Resource Manager listed no key of storage account ${name}`);
    const credential = new StorageSharedKeyCredential(name, value);
    const account = {
      service: new BlobServiceClient(endpoint, credential, {
        retryOptions: { maxTries: 4 },
      }),
      credential,
      endpoint,
    };
    this.accounts.set(key, { account, until: Date.now() + KEY_TTL_MS });
    return account;
  }
}
