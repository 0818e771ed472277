import { type CredentialsConfig, keyWrapperFor } from '@codex/credentials';
import { type DynamicModule, Module } from '@nestjs/common';

import type { AwsConfig, AzureConfig, GcpConfig } from '../config';
import { AccountDirectory } from './account-directory';
import { AccountsController } from './api/accounts.controller';
import { ConnectAccount } from './connect-account';
import { KEY_WRAPPER } from './credentials/key-wrapper.token';
import { DisconnectAccount } from './disconnect-account';
import { AccountVerifier } from './verification/account-verifier';
import {
  ArmAccountVerifier,
  AzureAccountVerifier,
  DEFAULT_AZURE_VERIFICATION_SETTINGS,
} from './verification/azure-account-verifier';
import { GcpAccountVerifier, GcsProjectVerifier } from './verification/gcp-account-verifier';
import { DEFAULT_STS_SETTINGS, StsAccountVerifier } from './verification/sts-account-verifier';

/** Cloud accounts, AWS, Azure and GCP: connect (verified, credentials sealed), look up, disconnect. */
@Module({})
export class AccountsModule {
  static forRoot(config: {
    credentials: CredentialsConfig;
    aws: AwsConfig;
    azure: AzureConfig;
    gcp: GcpConfig;
  }): DynamicModule {
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
        {
          provide: AzureAccountVerifier,
          useFactory: () =>
            new ArmAccountVerifier({
              ...DEFAULT_AZURE_VERIFICATION_SETTINGS,
              endpoint: config.azure.endpoint,
            }),
        },
        {
          provide: GcpAccountVerifier,
          useFactory: () =>
            new GcsProjectVerifier({ endpoint: config.gcp.endpoint, budgetMs: 15_000 }),
        },
      ],
    };
  }
}
