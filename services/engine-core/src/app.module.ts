import { join } from 'node:path';

import { PlatformModule, runServiceCli } from '@codex/platform';
import type { Telemetry } from '@codex/telemetry';
import { type DynamicModule, Module } from '@nestjs/common';

import { ComputeResource } from './compute-resources/compute-resource.entity';
import type { ServiceConfig } from './config';
import { migrations } from './migrations';

export const database = { entities: [ComputeResource], migrations };

@Module({})
export class AppModule {
  static forRoot(config: ServiceConfig, telemetry: Telemetry): DynamicModule {
    return {
      module: AppModule,
      imports: [PlatformModule.forRoot({ config, telemetry, database })],
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
