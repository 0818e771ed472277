import { type DynamicModule, Module } from '@nestjs/common';

import type { IssuerConfig } from './config';
import { ISSUER_CONFIG } from './issuer-config.token';

/** Makes the issuer's settings injectable as ISSUER_CONFIG in every feature module. */
@Module({})
export class IssuerConfigModule {
  static forRoot(config: IssuerConfig): DynamicModule {
    return {
      module: IssuerConfigModule,
      global: true,
      providers: [{ provide: ISSUER_CONFIG, useValue: config }],
      exports: [ISSUER_CONFIG],
    };
  }
}
