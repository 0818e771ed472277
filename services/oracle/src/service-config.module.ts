import { type DynamicModule, Module } from '@nestjs/common';

import type { ServiceConfig } from './config';
import { SERVICE_CONFIG } from './service-config.token';

/** Makes oracle's ServiceConfig injectable everywhere as SERVICE_CONFIG. */
@Module({})
export class ServiceConfigModule {
  static forRoot(config: ServiceConfig): DynamicModule {
    return {
      module: ServiceConfigModule,
      global: true,
      providers: [{ provide: SERVICE_CONFIG, useValue: config }],
      exports: [SERVICE_CONFIG],
    };
  }
}
