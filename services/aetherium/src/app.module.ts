import { join } from 'node:path';

import { ConnectedAccountRecord, connectorsMigrations } from '@codex/connectors';
import { messagingEntities, messagingMigrations, MessagingModule } from '@codex/messaging';
import { PlatformModule, runServiceCli } from '@codex/platform';
import type { Telemetry } from '@codex/telemetry';
import { type DynamicModule, Module } from '@nestjs/common';

import { AccountsModule } from './accounts/accounts.module';
import { CloudAccount } from './accounts/cloud-account.entity';
import { Action } from './actions/action.entity';
import { ActionEvent } from './actions/action-event.entity';
import { ActionsModule } from './actions/actions.module';
import type { ServiceConfig } from './config';
import { CostModule } from './cost/cost.module';
import { costEntities } from './cost/cost-entities';
import { insightEntities } from './insights/insight-entities';
import { InsightsModule } from './insights/insights.module';
import { InventoryModule } from './inventory/inventory.module';
import { InventoryResource } from './inventory/inventory-resource.entity';
import { migrations } from './migrations';

export const database = {
  entities: [
    CloudAccount,
    InventoryResource,
    Action,
    ActionEvent,
    ConnectedAccountRecord,
    ...costEntities,
    ...insightEntities,
    ...messagingEntities,
  ],
  migrations: [...migrations, ...connectorsMigrations, ...messagingMigrations],
};

@Module({})
export class AppModule {
  static forRoot(config: ServiceConfig, telemetry: Telemetry): DynamicModule {
    return {
      module: AppModule,
      imports: [
        PlatformModule.forRoot({ config, telemetry, database }),
        MessagingModule.forRoot({
          publishes: [
            'account.connected',
            'action.requested',
            'cost.ingested',
            'insight.generated',
          ],
          consumes: [
            'resource.discovered',
            'resource.deleted',
            'action.completed',
            'account.connected',
            'insight.generated',
          ],
        }),
        InventoryModule,
        AccountsModule.forRoot(config),
        ActionsModule.forRoot(config.actions),
        CostModule.forRoot(config),
        InsightsModule,
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
