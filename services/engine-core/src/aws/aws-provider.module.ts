import { Inject, Injectable, Module, type OnApplicationShutdown } from '@nestjs/common';

import type { ServiceConfig } from '../config';
import { SERVICE_CONFIG } from '../service-config.token';
import { AccountBreakers } from './account-breakers';
import { AwsClientPool } from './aws-client-pool';
import { AwsComputeDiscovery } from './compute-discovery';
import { AwsCpuMetrics } from './cpu-metrics';

export const COMPUTE_DISCOVERY = Symbol('COMPUTE_DISCOVERY');
export const CPU_METRICS = Symbol('CPU_METRICS');

/** Closes the process's one client pool and its breakers once nothing calls AWS any more. */
@Injectable()
class AwsProviderLifecycle implements OnApplicationShutdown {
  constructor(
    @Inject(AwsClientPool) private readonly clients: AwsClientPool,
    @Inject(AccountBreakers) private readonly breakers: AccountBreakers,
  ) {}

  onApplicationShutdown(): void {
    this.clients.destroy();
    this.breakers.shutdown();
  }
}

/** One AWS client pool and one set of per-account circuit breakers per process. */
@Module({
  providers: [
    {
      provide: AccountBreakers,
      inject: [SERVICE_CONFIG],
      useFactory: (config: ServiceConfig) => new AccountBreakers(config.aws.breaker),
    },
    {
      provide: AwsClientPool,
      inject: [AccountBreakers, SERVICE_CONFIG],
      useFactory: (breakers: AccountBreakers, config: ServiceConfig) =>
        new AwsClientPool(breakers, config.aws.client),
    },
    {
      provide: COMPUTE_DISCOVERY,
      inject: [AwsClientPool, SERVICE_CONFIG],
      useFactory: (clients: AwsClientPool, config: ServiceConfig) =>
        new AwsComputeDiscovery(clients, config.aws.discovery),
    },
    {
      provide: CPU_METRICS,
      inject: [AwsClientPool, SERVICE_CONFIG],
      useFactory: (clients: AwsClientPool, config: ServiceConfig) =>
        new AwsCpuMetrics(clients, config.aws.cpu),
    },
    AwsProviderLifecycle,
  ],
  exports: [COMPUTE_DISCOVERY, CPU_METRICS, AwsClientPool, AccountBreakers],
})
export class AwsProviderModule {}
