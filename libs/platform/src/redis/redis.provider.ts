import type { PlatformConfig } from '@codex/config';
import type { Provider } from '@nestjs/common';
import { Redis } from 'ioredis';

export const REDIS = Symbol('REDIS');

/**
 * One shared client. Commands fail fast while disconnected (no offline queue),
 * and the client keeps reconnecting in the background.
 */
export function redisProvider(config: PlatformConfig): Provider {
  return {
    provide: REDIS,
    useFactory: () =>
      new Redis(config.redis.url, {
        connectionName: config.service,
        enableOfflineQueue: false,
        maxRetriesPerRequest: 1,
        connectTimeout: 2_000,
        retryStrategy: (attempt) => Math.min(attempt * 200, 2_000),
      }),
  };
}
