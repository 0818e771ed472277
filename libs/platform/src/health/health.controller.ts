import { Public } from '@codex/auth';
import type { PlatformConfig } from '@codex/config';
import { Controller, Get, Inject } from '@nestjs/common';
import { HealthCheck, HealthCheckService, TypeOrmHealthIndicator } from '@nestjs/terminus';

import { PLATFORM_CONFIG } from '../platform-config.token';
import { KafkaHealthIndicator } from './kafka.health';
import { RedisHealthIndicator } from './redis.health';

export const READINESS_CHECKS = Symbol('READINESS_CHECKS');

export interface ReadinessChecks {
  postgres: boolean;
}

@Controller('health')
@Public()
export class HealthController {
  constructor(
    @Inject(PLATFORM_CONFIG) private readonly config: PlatformConfig,
    @Inject(READINESS_CHECKS) private readonly checks: ReadinessChecks,
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
      ...(this.checks.postgres ? [() => this.postgres.pingCheck('postgres', { timeout })] : []),
      () => this.redis.check('redis', timeout),
      () => this.kafka.check('kafka', timeout),
    ]);
  }
}
