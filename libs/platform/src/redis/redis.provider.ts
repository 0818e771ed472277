import type { PlatformConfig } from '@codex/config';
import type { Provider } from '@nestjs/common';
import { Redis } from 'ioredis';

export const REDIS = Symbol('REDIS');

/**
 * One shared client. Commands fail fast while disconnected (no offline queue),
 * and the client keeps reconnecting in the background. Commands issued in the
 * same tick (many requests at once) go out in one write.
 */
export function redisProvider(config: PlatformConfig): Provider {
  return {
    provide: REDIS,
    useFactory: () =>
      new Redis(config.redis.url, {
        connectionName: config.service,
        enableOfflineQueue: false,
        enableAutoPipelining: true,
        maxRetriesPerRequest: 1,
        connectTimeout: 2_000,
        retryStrategy: (attempt) => Math.min(attempt * 200, 2_000),
      }),
  };
}
