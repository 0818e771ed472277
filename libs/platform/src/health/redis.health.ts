import { Inject, Injectable } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import type { Redis } from 'ioredis';

import { REDIS } from '../redis/redis.provider';
import { describeError, withTimeout } from './with-timeout';

@Injectable()
export class RedisHealthIndicator {
  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    private readonly indicators: HealthIndicatorService,
  ) {}

  async check(key: string, timeoutMs: number) {
    const indicator = this.indicators.check(key);
    try {
      await withTimeout(this.redis.ping(), timeoutMs, 'redis');
      return indicator.up();
    } catch (error) {
      return indicator.down({ message: describeError(error) });
    }
  }
}
