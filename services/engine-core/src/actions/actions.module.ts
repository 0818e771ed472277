import { AwsClientPool } from '@codex/connectors';
import { Module } from '@nestjs/common';

import { AccountsModule } from '../accounts/accounts.module';
import { AwsComputeActions, AwsProviderModule } from '../providers/aws';
import { ActionRequestsController } from './action-requests.controller';
import { ExecuteAction } from './execute-action';
import { ACTION_ACCOUNTS, COMPUTE_ACTIONS } from './ports';
import { ProjectedActionAccounts } from './projected-action-accounts';

/** Executes `action.requested` against AWS, once per idempotency key, and reports `action.completed`. */
@Module({
  imports: [AccountsModule, AwsProviderModule],
  controllers: [ActionRequestsController],
  providers: [
    ExecuteAction,
    { provide: ACTION_ACCOUNTS, useClass: ProjectedActionAccounts },
    {
      provide: COMPUTE_ACTIONS,
      inject: [AwsClientPool],
      useFactory: (clients: AwsClientPool) => new AwsComputeActions(clients),
    },
  ],
})
export class ActionsModule {}
