import {
  ACCOUNT_ACCESS_SOURCE,
  type AccountAccessSource,
  AccountBreakers,
  AccountEventsController,
  AccountProjection,
  AwsClientPool,
  AzureClientPool,
  SealedAccountAccessSource,
  StorageAccountKeys,
} from '@codex/connectors';
import { keyWrapperFor } from '@codex/credentials';
import { Outbox } from '@codex/messaging';
import { type DynamicModule, Module } from '@nestjs/common';
import { DataSource } from 'typeorm';

import { BucketsController } from '../api/buckets.controller';
import { ObjectsController } from '../api/objects.controller';
import { PreviewsController } from '../api/previews.controller';
import { ScansController } from '../api/scans.controller';
import { BucketDirectory } from '../buckets/bucket-directory';
import { BucketScanner } from '../classification-store/bucket-scanner';
import type { ServiceConfig } from '../config';
import { DiscoveryScheduler } from '../discovery/discovery-scheduler';
import { StorageDiscovery } from '../discovery/storage-discovery';
import { S3Store } from '../providers/aws';
import { BlobStore } from '../providers/azure';
import { GcsStore } from '../providers/gcp';
import { STORAGE_PROVIDERS, StorageProviders } from './storage-providers';
import { STORAGE_SETTINGS } from './storage-settings.token';

/**
 * Object storage across S3, GCS and Blob: the projection of connected accounts, one store per
 * provider (each call inside the account's breaker), discovery, and the browser API. Global:
 * the actions module uses its stores and buckets.
 */
@Module({})
export class StorageModule {
  static forRoot(config: ServiceConfig): DynamicModule {
    return {
      module: StorageModule,
      global: true,
      controllers: [
        AccountEventsController,
        BucketsController,
        ObjectsController,
        PreviewsController,
        ScansController,
      ],
      providers: [
        { provide: STORAGE_SETTINGS, useValue: config.storage },
        { provide: AccountProjection, useValue: new AccountProjection(STORAGE_PROVIDERS) },
        {
          provide: ACCOUNT_ACCESS_SOURCE,
          inject: [DataSource],
          useFactory: (dataSource: DataSource) =>
            new SealedAccountAccessSource(
              dataSource,
              keyWrapperFor(config.credentials),
              config.endpoints,
            ),
        },
        {
          provide: StorageProviders,
          useFactory: () => {
            const breakers = new AccountBreakers();
            return new StorageProviders({
              aws: new S3Store(new AwsClientPool(breakers)),
              gcp: new GcsStore(),
              azure: new BlobStore(new StorageAccountKeys(new AzureClientPool(breakers))),
            });
          },
        },
        {
          provide: BucketDirectory,
          inject: [DataSource, ACCOUNT_ACCESS_SOURCE, StorageProviders],
          useFactory: (
            dataSource: DataSource,
            accounts: AccountAccessSource,
            providers: StorageProviders,
          ) => new BucketDirectory(dataSource, accounts, providers),
        },
        {
          provide: BucketScanner,
          inject: [DataSource, BucketDirectory, Outbox],
          useFactory: (dataSource: DataSource, buckets: BucketDirectory, outbox: Outbox) =>
            new BucketScanner(dataSource, buckets, outbox),
        },
        {
          provide: DiscoveryScheduler,
          inject: [DataSource, StorageDiscovery],
          useFactory: (dataSource: DataSource, discovery: StorageDiscovery) =>
            new DiscoveryScheduler(dataSource, discovery, config.storage.discoveryIntervalMinutes),
        },
        {
          provide: StorageDiscovery,
          inject: [DataSource, ACCOUNT_ACCESS_SOURCE, StorageProviders, Outbox],
          useFactory: (
            dataSource: DataSource,
            accounts: AccountAccessSource,
            providers: StorageProviders,
            outbox: Outbox,
          ) =>
            new StorageDiscovery(
              dataSource,
              accounts,
              providers,
              outbox,
              config.storage.discoveryMaxObjects,
            ),
        },
      ],
      exports: [ACCOUNT_ACCESS_SOURCE, StorageProviders, BucketDirectory, STORAGE_SETTINGS],
    };
  }
}
