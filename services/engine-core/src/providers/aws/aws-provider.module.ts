import { AccountBreakers, type AwsAccountAccess, AwsClientPool } from '@codex/connectors';
import { Inject, Injectable, Module, type OnApplicationShutdown } from '@nestjs/common';

import type { ComputeAdapters } from '../../compute/ports';
import type { ServiceConfig } from '../../config';
import { SERVICE_CONFIG } from '../../service-config.token';
import { AwsComputeActions } from './compute-actions';
import { AwsComputeDiscovery } from './compute-discovery';
import { AwsCpuMetrics } from './cpu-metrics';

export const AWS_COMPUTE = Symbol('AWS_COMPUTE');

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

/** One AWS client pool and one set of per-account circuit breakers per process, and the AWS compute adapters. */
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
      provide: AWS_COMPUTE,
      inject: [AwsClientPool, SERVICE_CONFIG],
      useFactory: (
        clients: AwsClientPool,
        config: ServiceConfig,
      ): ComputeAdapters<AwsAccountAccess> => ({
        discovery: new AwsComputeDiscovery(clients, config.aws.discovery),
        metrics: new AwsCpuMetrics(clients, config.aws.cpu),
        actions: new AwsComputeActions(clients),
      }),
    },
    AwsProviderLifecycle,
  ],
  exports: [AWS_COMPUTE, AwsClientPool, AccountBreakers],
})
export class AwsProviderModule {}
