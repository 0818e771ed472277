import { join } from 'node:path';

import { MessagingModule } from '@codex/messaging';
import { PlatformModule, runServiceCli } from '@codex/platform';
import type { Telemetry } from '@codex/telemetry';
import { type DynamicModule, Module } from '@nestjs/common';

import { AnalysisModule } from './analysis/analysis.module';
import type { ServiceConfig } from './config';
import { CostAnalysisModule } from './cost/cost-analysis.module';
import { database } from './database';
import { StreamsModule } from './events/streams.module';
import { IdentityRiskModule } from './identity-risk/identity-risk.module';
import { RecommendationsModule } from './recommendations/recommendations.module';
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
          publishes: ['insight.generated'],
          consumes: [
            'resource.discovered',
            'resource.deleted',
            'cost.ingested',
            'metrics.sampled',
            'action.completed',
            'login.observed',
          ],
        }),
        StreamsModule,
        CostAnalysisModule,
        RecommendationsModule,
        AnalysisModule,
        IdentityRiskModule,
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
