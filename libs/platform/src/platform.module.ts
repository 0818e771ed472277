import type { PlatformConfig } from '@codex/config';
import { postgresOptions } from '@codex/persistence';
import type { Telemetry } from '@codex/telemetry';
import { type DynamicModule, Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { TypeOrmModule } from '@nestjs/typeorm';
import { LoggerModule } from 'nestjs-pino';
import type { DataSourceOptions } from 'typeorm';

import { HealthController } from './health/health.controller';
import { KafkaHealthIndicator } from './health/kafka.health';
import { RedisHealthIndicator } from './health/redis.health';
import { ConnectionCloser } from './http/close-connections-on-shutdown';
import { loggerOptions } from './logging/logger-options';
import { MetricsController } from './metrics/metrics.controller';
import { MetricsRegistry } from './metrics/metrics-registry';
import { PLATFORM_CONFIG } from './platform-config.token';
import { REDIS, redisProvider } from './redis/redis.provider';
import { RedisLifecycle } from './redis/redis-lifecycle';
import { TELEMETRY, TelemetryLifecycle } from './telemetry-lifecycle';
import { TransportStrategies } from './transport-strategies';

export interface PlatformModuleOptions {
  config: PlatformConfig;
  database: Pick<Parameters<typeof postgresOptions>[0], 'entities' | 'migrations'>;
  telemetry: Telemetry;
}

/** Everything a Codex service shares: logs, its database, Redis, health, metrics and shutdown. */
@Module({})
export class PlatformModule {
  static forRoot({ config, database, telemetry }: PlatformModuleOptions): DynamicModule {
    return {
      module: PlatformModule,
      global: true,
      imports: [
        LoggerModule.forRoot(loggerOptions(config)),
        TypeOrmModule.forRoot({
          ...databaseOptions(config, database),
          retryAttempts: 10,
          retryDelay: 1_000,
        }),
        TerminusModule.forRoot({ logger: false }),
      ],
      controllers: [HealthController, MetricsController],
      providers: [
        { provide: PLATFORM_CONFIG, useValue: config },
        { provide: MetricsRegistry, useValue: new MetricsRegistry(config.service) },
        redisProvider(config),
        RedisLifecycle,
        ConnectionCloser,
        TransportStrategies,
        RedisHealthIndicator,
        KafkaHealthIndicator,
        { provide: TELEMETRY, useValue: telemetry },
        TelemetryLifecycle,
      ],
      exports: [PLATFORM_CONFIG, MetricsRegistry, REDIS, TransportStrategies],
    };
  }
}

export function databaseOptions(
  config: PlatformConfig,
  database: PlatformModuleOptions['database'],
): DataSourceOptions {
  return postgresOptions({
    url: config.database.url,
    poolMax: config.database.poolMax,
    applicationName: config.service,
    ...database,
  });
}
