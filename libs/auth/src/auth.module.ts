import type { AuthConfig } from '@codex/config';
import {
  type DynamicModule,
  type InjectionToken,
  Logger,
  Module,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import type { Redis } from 'ioredis';

import { AuthGuard } from './auth.guard';
import { JwtVerifier } from './jwt-verifier';
import { RedisRevocationStore } from './redis-revocation-store';
import { RevocationList } from './revocation-list';

/** How often each replica reads the revocation feed: a revoked token works at most this long (ADR 11). */
export const REVOCATION_POLL_MS = 1_000;

/** Starts and stops the revocation list's polling with the application. */
class RevocationPolling implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(private readonly list: RevocationList) {}

  onApplicationBootstrap(): Promise<void> {
    return this.list.start();
  }

  onApplicationShutdown(): Promise<void> {
    return this.list.stop();
  }
}

/**
 * Puts AuthGuard in front of every HTTP route of the service (zero trust: not
 * only the gateway checks), with the shared revocation list read from Redis.
 */
@Module({})
export class AuthModule {
  static forRoot(config: AuthConfig, redisToken: InjectionToken): DynamicModule {
    return {
      module: AuthModule,
      global: true,
      providers: [
        {
          provide: JwtVerifier,
          useValue: new JwtVerifier({ issuers: config.issuers, cacheSize: 10_000 }),
        },
        {
          provide: RevocationList,
          inject: [redisToken],
          useFactory: (redis: Redis) => {
            const logger = new Logger('Revocations');
            let lastWarning = 0;
            return new RevocationList(new RedisRevocationStore(redis), {
              pollIntervalMs: REVOCATION_POLL_MS,
              resyncIntervalMs: 60_000,
              onUnavailable: (error) => {
                if (Date.now() - lastWarning < 10_000) return;
                lastWarning = Date.now();
                logger.warn(`revocations not refreshed, Redis did not answer: ${String(error)}`);
              },
            });
          },
        },
        {
          provide: RevocationPolling,
          inject: [RevocationList],
          useFactory: (list: RevocationList) => new RevocationPolling(list),
        },
        { provide: APP_GUARD, useClass: AuthGuard },
      ],
      exports: [JwtVerifier, RevocationList],
    };
  }
}
