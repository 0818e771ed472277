import { AuthModule } from '@codex/auth';
import type { PlatformConfig } from '@codex/config';
import { postgresOptions } from '@codex/persistence';
import type { Telemetry } from '@codex/telemetry';
import { type DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { TerminusModule } from '@nestjs/terminus';
import { TypeOrmModule } from '@nestjs/typeorm';
import { LoggerModule } from 'nestjs-pino';
import type { DataSourceOptions } from 'typeorm';

import { HealthController, READINESS_CHECKS } from './health/health.controller';
import { KafkaHealthIndicator } from './health/kafka.health';
import { RedisHealthIndicator } from './health/redis.health';
import { ConnectionCloser } from './http/close-connections-on-shutdown';
import { loggerOptions } from './logging/logger-options';
import { MetricsController } from './metrics/metrics.controller';
import { MetricsRegistry } from './metrics/metrics-registry';
import { PLATFORM_CONFIG } from './platform-config.token';
import { ProblemDetailsFilter } from './problems/problem-details.filter';
import { REDIS, redisProvider } from './redis/redis.provider';
import { RedisLifecycle } from './redis/redis-lifecycle';
import { TELEMETRY, TelemetryLifecycle } from './telemetry-lifecycle';
import { TransportStrategies } from './transport-strategies';

export type DatabaseDefinition = Pick<
  Parameters<typeof postgresOptions>[0],
  'entities' | 'migrations'
>;

export interface PlatformModuleOptions {
  config: PlatformConfig;
  /** The service's own database; the gateway has none. */
  database?: DatabaseDefinition;
  telemetry: Telemetry;
  /**
   * Log each request through the Nest middleware (default), which also binds the request id
   * to every log line written while handling it. The gateway, which handles nothing itself,
   * writes its access log from a Fastify hook instead.
   */
  requestLogging?: 'nest-middleware' | 'off';
}

/**
 * Everything a Codex service shares: logs, its database, Redis, health,
 * metrics, shutdown, problem documents, and a token check on every route.
 */
@Module({})
export class PlatformModule {
  static forRoot({
    config,
    database,
    telemetry,
    requestLogging = 'nest-middleware',
  }: PlatformModuleOptions): DynamicModule {
    return {
      module: PlatformModule,
      global: true,
      imports: [
        LoggerModule.forRoot(loggerOptions(config, requestLogging === 'nest-middleware')),
        ...(database
          ? [
              TypeOrmModule.forRoot({
                ...databaseOptions(config, database),
                retryAttempts: 10,
                retryDelay: 1_000,
              }),
            ]
          : []),
        TerminusModule.forRoot({ logger: false }),
        AuthModule.forRoot(config.auth, REDIS),
      ],
      controllers: [HealthController, MetricsController],
      providers: [
        { provide: PLATFORM_CONFIG, useValue: config },
        { provide: READINESS_CHECKS, useValue: { postgres: database !== undefined } },
        { provide: APP_FILTER, useClass: ProblemDetailsFilter },
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

/** The service's data source; `migrations` connects as the owner (DATABASE_MIGRATION_URL) when set. */
export function databaseOptions(
  config: PlatformConfig,
  database: DatabaseDefinition,
  purpose: 'service' | 'migrations' = 'service',
): DataSourceOptions {
  if (!config.database) throw new Error(`${config.service} has no DATABASE_URL`);
  return postgresOptions({
    url:
      purpose === 'migrations'
        ? (config.database.migrationUrl ?? config.database.url)
        : config.database.url,
    poolMax: config.database.poolMax,
    applicationName: config.service,
    ...database,
  });
}
