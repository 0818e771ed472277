import {
  ACCOUNT_ACCESS_SOURCE,
  AccountEventsController,
  AccountProjection,
} from '@codex/connectors';
import { keyWrapperFor } from '@codex/credentials';
import { Module } from '@nestjs/common';
import { DataSource } from 'typeorm';

import { ComputeModule } from '../compute/compute.module';
import { ComputeProviders } from '../compute/compute-providers';
import type { ServiceConfig } from '../config';
import { SERVICE_CONFIG } from '../service-config.token';
import { SealedAccountAccessSource } from './sealed-account-access-source';

/** The projection of the connected accounts engine-core has compute adapters for, and access to them. */
@Module({
  imports: [ComputeModule],
  controllers: [AccountEventsController],
  providers: [
    {
      provide: AccountProjection,
      inject: [ComputeProviders],
      useFactory: (compute: ComputeProviders) => new AccountProjection(compute.providers),
    },
    {
      provide: ACCOUNT_ACCESS_SOURCE,
      inject: [DataSource, SERVICE_CONFIG],
      useFactory: (dataSource: DataSource, config: ServiceConfig) =>
        new SealedAccountAccessSource(dataSource, keyWrapperFor(config.credentials), {
          aws: config.aws.endpoint,
          azure: config.azure.endpoint,
        }),
    },
  ],
  exports: [ACCOUNT_ACCESS_SOURCE],
})
export class AccountsModule {}
