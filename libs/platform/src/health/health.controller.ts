import type { PlatformConfig } from '@codex/config';
import { Controller, Get, Inject } from '@nestjs/common';
import { HealthCheck, HealthCheckService, TypeOrmHealthIndicator } from '@nestjs/terminus';

import { PLATFORM_CONFIG } from '../platform-config.token';
import { KafkaHealthIndicator } from './kafka.health';
import { RedisHealthIndicator } from './redis.health';

@Controller('health')
export class HealthController {
  constructor(
    @Inject(PLATFORM_CONFIG) private readonly config: PlatformConfig,
    private readonly health: HealthCheckService,
    private readonly postgres: TypeOrmHealthIndicator,
    private readonly redis: RedisHealthIndicator,
    private readonly kafka: KafkaHealthIndicator,
  ) {}

  @Get('live')
  live() {
    return { status: 'ok' };
  }

  @Get('ready')
  @HealthCheck()
  ready() {
    const timeout = this.config.health.checkTimeoutMs;
    return this.health.check([
      () => this.postgres.pingCheck('postgres', { timeout }),
      () => this.redis.check('redis', timeout),
      () => this.kafka.check('kafka', timeout),
    ]);
  }
}
