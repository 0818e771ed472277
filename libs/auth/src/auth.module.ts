import type { AuthConfig } from '@codex/config';
import { type DynamicModule, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';

import { AuthGuard } from './auth.guard';
import { JwtVerifier } from './jwt-verifier';

/** Puts AuthGuard in front of every HTTP route of the service (zero trust: not only the gateway checks). */
@Module({})
export class AuthModule {
  static forRoot(config: AuthConfig): DynamicModule {
    return {
      module: AuthModule,
      global: true,
      providers: [
        {
          provide: JwtVerifier,
          useValue: new JwtVerifier({ issuers: config.issuers, cacheSize: 10_000 }),
        },
        { provide: APP_GUARD, useClass: AuthGuard },
      ],
      exports: [JwtVerifier],
    };
  }
}
