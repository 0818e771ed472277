import { LocalKeyWrapper } from '@codex/credentials';
import { Module } from '@nestjs/common';
import { DataSource } from 'typeorm';

import type { ServiceConfig } from '../config';
import { SERVICE_CONFIG } from '../service-config.token';
import { ACCOUNT_ACCESS_SOURCE } from './account-access-source';
import { AccountEventsController } from './account-events.controller';
import { AccountProjection } from './account-projection';
import { SealedAccountAccessSource } from './sealed-account-access-source';

/** The projection of connected AWS accounts, and access to them for the provider layer. */
@Module({
  controllers: [AccountEventsController],
  providers: [
    AccountProjection,
    {
      provide: ACCOUNT_ACCESS_SOURCE,
      inject: [DataSource, SERVICE_CONFIG],
      useFactory: (dataSource: DataSource, config: ServiceConfig) =>
        new SealedAccountAccessSource(
          dataSource,
          new LocalKeyWrapper(
            new Map([[config.credentials.kekId, config.credentials.kek]]),
            config.credentials.kekId,
          ),
          config.aws.endpoint,
        ),
    },
  ],
  exports: [ACCOUNT_ACCESS_SOURCE],
})
export class AccountsModule {}
