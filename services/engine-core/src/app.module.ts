import { join } from 'node:path';

import { MessagingModule } from '@codex/messaging';
import { PlatformModule, runServiceCli } from '@codex/platform';
import type { Telemetry } from '@codex/telemetry';
import { type DynamicModule, Module } from '@nestjs/common';

import { ActionsModule } from './actions/actions.module';
import type { ServiceConfig } from './config';
import { database } from './database';
import { DiscoveryModule } from './discovery/discovery.module';
import { ServiceConfigModule } from './service-config.module';

export { database };

@Module({})
export class AppModule {
  static forRoot(config: ServiceConfig, telemetry: Telemetry): DynamicModule {
    return {
      module: AppModule,
      imports: [
        PlatformModule.forRoot({ config, telemetry, database }),
        ServiceConfigModule.forRoot(config),
        MessagingModule.forRoot({
          publishes: [
            'resource.discovered',
            'resource.deleted',
            'metrics.sampled',
            'action.completed',
          ],
          consumes: ['account.connected', 'action.requested'],
        }),
        DiscoveryModule,
        ActionsModule,
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
