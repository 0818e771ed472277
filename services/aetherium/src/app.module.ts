import { join } from 'node:path';

import { messagingEntities, messagingMigrations, MessagingModule } from '@codex/messaging';
import { PlatformModule, runServiceCli } from '@codex/platform';
import type { Telemetry } from '@codex/telemetry';
import { type DynamicModule, Module } from '@nestjs/common';

import { AccountsModule } from './accounts/accounts.module';
import { CloudAccount } from './accounts/cloud-account.entity';
import type { ServiceConfig } from './config';
import { InventoryModule } from './inventory/inventory.module';
import { InventoryResource } from './inventory/inventory-resource.entity';
import { migrations } from './migrations';

export const database = {
  entities: [CloudAccount, InventoryResource, ...messagingEntities],
  migrations: [...migrations, ...messagingMigrations],
};

@Module({})
export class AppModule {
  static forRoot(config: ServiceConfig, telemetry: Telemetry): DynamicModule {
    return {
      module: AppModule,
      imports: [
        PlatformModule.forRoot({ config, telemetry, database }),
        MessagingModule.forRoot({
          publishes: ['account.connected'],
          consumes: ['resource.discovered', 'resource.deleted'],
        }),
        InventoryModule,
        AccountsModule.forRoot(config),
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
