import { join } from 'node:path';

import { actionExecutionEntities, actionExecutionMigrations } from '@codex/actions';
import { ConnectedAccountRecord, connectorsMigrations } from '@codex/connectors';
import { messagingEntities, messagingMigrations, MessagingModule } from '@codex/messaging';
import { PlatformModule, runServiceCli } from '@codex/platform';
import type { Telemetry } from '@codex/telemetry';
import { type DynamicModule, Module } from '@nestjs/common';

import { StorageActionsModule } from './actions/storage-actions.module';
import { StorageAccessGrant } from './buckets/storage-access-grant.entity';
import { StorageBucket } from './buckets/storage-bucket.entity';
import { ObjectClassification } from './classification-store/object-classification.entity';
import type { ServiceConfig } from './config';
import { migrations } from './migrations';
import { StorageModule } from './storage/storage.module';

export const database = {
  entities: [
    StorageBucket,
    StorageAccessGrant,
    ObjectClassification,
    ConnectedAccountRecord,
    ...actionExecutionEntities,
    ...messagingEntities,
  ],
  migrations: [
    ...migrations,
    ...connectorsMigrations,
    ...actionExecutionMigrations,
    ...messagingMigrations,
  ],
};

/**
 * The storage browser and data governance over S3, GCS and Azure Blob: discovery with
 * findings, the browser API and signed URLs, storage actions, classification and tiering.
 */
@Module({})
export class AppModule {
  static forRoot(config: ServiceConfig, telemetry: Telemetry): DynamicModule {
    return {
      module: AppModule,
      imports: [
        PlatformModule.forRoot({ config, telemetry, database }),
        MessagingModule.forRoot({
          publishes: ['resource.discovered', 'resource.deleted', 'action.completed'],
          consumes: ['account.connected', 'action.requested'],
        }),
        StorageModule.forRoot(config),
        StorageActionsModule.forRoot(),
      ],
    };
  }
}

export function run(
  argv: readonly string[],
  config: ServiceConfig,
  telemetry: Telemetry,
): Promise<void> {
  return runServiceCli(argv, {
    config,
    telemetry,
    rootModule: AppModule.forRoot(config, telemetry),
    database: { definition: database, migrationsDir: join(__dirname, '..', 'src', 'migrations') },
  });
}
