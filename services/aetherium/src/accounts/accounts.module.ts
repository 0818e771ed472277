import { type CredentialsConfig, keyWrapperFor } from '@codex/credentials';
import { type DynamicModule, Module } from '@nestjs/common';

import type { AwsConfig } from '../config';
import { AccountDirectory } from './account-directory';
import { AccountsController } from './api/accounts.controller';
import { ConnectAccount } from './connect-account';
import { KEY_WRAPPER } from './credentials/key-wrapper.token';
import { DisconnectAccount } from './disconnect-account';
import { AccountVerifier } from './verification/account-verifier';
import { DEFAULT_STS_SETTINGS, StsAccountVerifier } from './verification/sts-account-verifier';

/** Cloud accounts: connect (verified, credentials sealed), look up, disconnect. */
@Module({})
export class AccountsModule {
  static forRoot(config: { credentials: CredentialsConfig; aws: AwsConfig }): DynamicModule {
    return {
      module: AccountsModule,
      controllers: [AccountsController],
      providers: [
        AccountDirectory,
        ConnectAccount,
        DisconnectAccount,
        {
          provide: KEY_WRAPPER,
          useFactory: () => keyWrapperFor(config.credentials),
        },
        {
          provide: AccountVerifier,
          useFactory: () =>
            new StsAccountVerifier({ ...DEFAULT_STS_SETTINGS, endpoint: config.aws.endpoint }),
        },
      ],
    };
  }
}
