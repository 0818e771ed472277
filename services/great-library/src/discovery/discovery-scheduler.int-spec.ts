import { randomUUID } from 'node:crypto';

import { postgresOptions } from '@codex/persistence';
import { createScratchDatabase, type ScratchDatabase } from '@codex/testing';
import { DataSource } from 'typeorm';

import { database } from '../app.module';
import { DiscoveryScheduler } from './discovery-scheduler';
import type { StorageDiscovery } from './storage-discovery';

describe('the scheduled storage discovery', () => {
  let scratch: ScratchDatabase;
  let owner: DataSource;
  let runtime: DataSource;

  const open = (url: string) =>
    new DataSource(
      postgresOptions({ url, poolMax: 4, applicationName: 'great-library-test', ...database }),
    ).initialize();

  const account = async (provider: string, status = 'connected') => {
    const id = randomUUID();
    await owner.query(
      `INSERT INTO connected_accounts (account_id, tenant_id, provider, external_account_id, name,
         regions, credential_kind, settings, status, changed_at)
       VALUES ($1, 'tenant-a', $2, $3, 'n', '{}', 'access-keys', '{}', $4, now())`,
      [id, provider, randomUUID(), status],
    );
    return id;
  };
  const discoveredAgo = (accountId: string, minutes: number) =>
    owner.query(
      `INSERT INTO storage_buckets (id, tenant_id, account_id, urn, provider, external_account_id,
         region, name, configuration, object_count, total_bytes, discovered_at)
       VALUES ($1, 'tenant-a', $2, $3, 'aws', '1', 'us-east-1', 'b', '{}', 0, 0,
         now() - make_interval(mins => $4))`,
      [randomUUID(), accountId, `codex:aws:1:us-east-1:s3/bucket/${randomUUID()}`, minutes],
    );

  beforeAll(async () => {
    scratch = await createScratchDatabase('great_library_scheduler');
    owner = await open(scratch.url);
    await owner.runMigrations();
    runtime = await open(scratch.runtimeUrl);
  });

  afterAll(async () => {
    await Promise.all([owner?.destroy(), runtime?.destroy()]);
    await scratch?.drop();
  });

  it('discovers the storage accounts whose last discovery is older than the interval, once per interval', async () => {
    const never = await account('aws');
    const stale = await account('gcp');
    const fresh = await account('azure');
    await account('auth0');
    await account('aws', 'disconnected');
    await discoveredAgo(stale, 90);
    await discoveredAgo(fresh, 5);
    const discovered: string[] = [];
    const discovery = {
      discover: (_tenant: string, accountId: string) => {
        discovered.push(accountId);
        return Promise.resolve();
      },
    } as unknown as StorageDiscovery;
    const scheduler = new DiscoveryScheduler(runtime, discovery, 60);

    await scheduler.tick();
    expect(discovered.sort()).toEqual([never, stale].sort());

    // Neither wrote a bucket (the discovery here is a stand-in): this replica waits the interval.
    await scheduler.tick();
    expect(discovered).toHaveLength(2);
  });
});
