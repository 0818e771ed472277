import { AccountBreakers, type AwsAccountAccess, AwsClientPool } from '@codex/connectors';
import { Inject, Injectable, Module, type OnApplicationShutdown } from '@nestjs/common';

import { AccountBreakersModule } from '../../compute/account-breakers.module';
import type { ComputeAdapters } from '../../compute/ports';
import type { ServiceConfig } from '../../config';
import { SERVICE_CONFIG } from '../../service-config.token';
import { AwsComputeActions } from './compute-actions';
import { AwsComputeDiscovery } from './compute-discovery';
import { AwsCpuMetrics } from './cpu-metrics';

export const AWS_COMPUTE = Symbol('AWS_COMPUTE');

/** Closes the process's one AWS client pool once nothing calls AWS any more. */
@Injectable()
class AwsProviderLifecycle implements OnApplicationShutdown {
  constructor(@Inject(AwsClientPool) private readonly clients: AwsClientPool) {}

  onApplicationShutdown(): void {
    this.clients.destroy();
  }
}

/**
 * One AWS client pool per process, its calls in the process's per-account circuit breakers
 * (AccountBreakersModule), and the AWS compute adapters.
 */
@Module({
  imports: [AccountBreakersModule],
  providers: [
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
  exports: [AWS_COMPUTE, AwsClientPool],
})
export class AwsProviderModule {}
