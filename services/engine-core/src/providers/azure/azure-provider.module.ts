import { AccountBreakers, type AzureAccountAccess, AzureClientPool } from '@codex/connectors';
import { Inject, Injectable, Module, type OnApplicationShutdown } from '@nestjs/common';

import { AccountBreakersModule } from '../../compute/account-breakers.module';
import type { ComputeAdapters } from '../../compute/ports';
import type { ServiceConfig } from '../../config';
import { SERVICE_CONFIG } from '../../service-config.token';
import { AzureComputeActions } from './compute-actions';
import { AzureComputeDiscovery } from './compute-discovery';
import { AzureCpuMetrics } from './cpu-metrics';

export const AZURE_COMPUTE = Symbol('AZURE_COMPUTE');

/** Closes the process's one Azure client pool once nothing calls Azure any more. */
@Injectable()
class AzureProviderLifecycle implements OnApplicationShutdown {
  constructor(@Inject(AzureClientPool) private readonly clients: AzureClientPool) {}

  onApplicationShutdown(): void {
    this.clients.destroy();
  }
}

/**
 * One Azure client pool per process, every call in the process's per-account circuit
 * breakers (AccountBreakersModule), and the Azure compute adapters.
 */
@Module({
  imports: [AccountBreakersModule],
  providers: [
    {
      provide: AzureClientPool,
      inject: [AccountBreakers, SERVICE_CONFIG],
      useFactory: (breakers: AccountBreakers, config: ServiceConfig) =>
        new AzureClientPool(breakers, config.azure.client),
    },
    {
      provide: AZURE_COMPUTE,
      inject: [AzureClientPool, SERVICE_CONFIG],
      useFactory: (
        clients: AzureClientPool,
        config: ServiceConfig,
      ): ComputeAdapters<AzureAccountAccess> => ({
        discovery: new AzureComputeDiscovery(clients),
        metrics: new AzureCpuMetrics(clients, config.azure.cpu),
        actions: new AzureComputeActions(clients),
      }),
    },
    AzureProviderLifecycle,
  ],
  exports: [AZURE_COMPUTE, AzureClientPool],
})
export class AzureProviderModule {}
