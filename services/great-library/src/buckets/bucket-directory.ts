import type { AccountAccess, AccountAccessSource } from '@codex/connectors';
import { withTenant } from '@codex/persistence';
import { NotFoundProblem } from '@codex/platform';
import type { DataSource } from 'typeorm';

import type { BucketLocation, ObjectStore } from '../storage/ports';
import type { StorageProviders } from '../storage/storage-providers';
import { StorageBucket } from './storage-bucket.entity';

export interface BucketFilter {
  provider?: string | undefined;
  accountId?: string | undefined;
  finding?: string | undefined;
}

/** A tenant's bucket, opened: where it is, through which account, with which provider's store. */
export interface OpenBucket {
  bucket: StorageBucket;
  location: BucketLocation;
  access: AccountAccess;
  store: ObjectStore;
}

/** The buckets discovery found, read within the tenant (row-level security keeps others out). */
export class BucketDirectory {
  constructor(
    private readonly dataSource: DataSource,
    private readonly accounts: AccountAccessSource,
    private readonly providers: StorageProviders,
  ) {}

  list(tenantId: string, filter: BucketFilter): Promise<StorageBucket[]> {
    return withTenant(this.dataSource, tenantId, (manager) => {
      const select = manager
        .getRepository(StorageBucket)
        .createQueryBuilder('bucket')
        .where('bucket.tenant_id = :tenantId', { tenantId })
        .orderBy('bucket.provider')
        .addOrderBy('bucket.external_account_id')
        .addOrderBy('bucket.storage_account')
        .addOrderBy('bucket.name');
      if (filter.provider) select.andWhere('bucket.provider = :provider', filter);
      if (filter.accountId) select.andWhere('bucket.account_id = :accountId', filter);
      if (filter.finding) {
        select.andWhere(
          `bucket.findings @> jsonb_build_array(jsonb_build_object('kind', :finding::text))`,
          filter,
        );
      }
      return select.getMany();
    });
  }

  async get(tenantId: string, id: string): Promise<StorageBucket> {
    const bucket = await withTenant(this.dataSource, tenantId, (manager) =>
      manager.getRepository(StorageBucket).findOneBy({ tenantId, id }),
    );
    if (!bucket) throw new NotFoundProblem(`bucket ${id}`);
    return bucket;
  }

  /** The bucket with the URN, or undefined when discovery has not seen it for this tenant. */
  byUrn(tenantId: string, urn: string): Promise<StorageBucket | null> {
    return withTenant(this.dataSource, tenantId, (manager) =>
      manager.getRepository(StorageBucket).findOneBy({ tenantId, urn }),
    );
  }

  async open(tenantId: string, id: string): Promise<OpenBucket> {
    return this.opened(await this.get(tenantId, id));
  }

  async opened(bucket: StorageBucket): Promise<OpenBucket> {
    const { access } = await this.accounts.accessFor(bucket.tenantId, bucket.accountId);
    return {
      bucket,
      location: locationOf(bucket),
      access,
      store: this.providers.store(bucket.provider),
    };
  }
}

export function locationOf(bucket: StorageBucket): BucketLocation {
  return {
    provider: bucket.provider,
    externalAccountId: bucket.externalAccountId,
    region: bucket.region,
    name: bucket.name,
    ...(bucket.storageAccount ? { storageAccount: bucket.storageAccount } : {}),
    ...(bucket.resourceGroup ? { resourceGroup: bucket.resourceGroup } : {}),
  };
}
