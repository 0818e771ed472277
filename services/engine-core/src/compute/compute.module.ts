import type { AwsAccountAccess, AzureAccountAccess } from '@codex/connectors';
import { Module } from '@nestjs/common';

import { AWS_COMPUTE, AwsProviderModule } from '../providers/aws';
import { AZURE_COMPUTE, AzureProviderModule } from '../providers/azure';
import { ComputeProviders } from './compute-providers';
import { COMPUTE_DISCOVERY, type ComputeAdapters, CPU_METRICS } from './ports';

/** The compute ports, each call answered by the adapters of the account's provider. */
@Module({
  imports: [AwsProviderModule, AzureProviderModule],
  providers: [
    {
      provide: ComputeProviders,
      inject: [AWS_COMPUTE, AZURE_COMPUTE],
      useFactory: (
        aws: ComputeAdapters<AwsAccountAccess>,
        azure: ComputeAdapters<AzureAccountAccess>,
      ) => new ComputeProviders({ aws, azure }),
    },
    { provide: COMPUTE_DISCOVERY, useExisting: ComputeProviders },
    { provide: CPU_METRICS, useExisting: ComputeProviders },
  ],
  exports: [ComputeProviders, COMPUTE_DISCOVERY, CPU_METRICS],
})
export class ComputeModule {}
