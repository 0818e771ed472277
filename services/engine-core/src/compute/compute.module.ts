import type { AwsAccountAccess } from '@codex/connectors';
import { Module } from '@nestjs/common';

import { AWS_COMPUTE, AwsProviderModule } from '../providers/aws';
import { ComputeProviders } from './compute-providers';
import { COMPUTE_DISCOVERY, type ComputeAdapters, CPU_METRICS } from './ports';

/** The compute ports, each call answered by the adapters of the account's provider. */
@Module({
  imports: [AwsProviderModule],
  providers: [
    {
      provide: ComputeProviders,
      inject: [AWS_COMPUTE],
      useFactory: (aws: ComputeAdapters<AwsAccountAccess>) => new ComputeProviders({ aws }),
    },
    { provide: COMPUTE_DISCOVERY, useExisting: ComputeProviders },
    { provide: CPU_METRICS, useExisting: ComputeProviders },
  ],
  exports: [ComputeProviders, COMPUTE_DISCOVERY, CPU_METRICS],
})
export class ComputeModule {}
