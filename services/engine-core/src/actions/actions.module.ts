import { ActionExecutor, ExecutorMetrics } from '@codex/actions';
import { ACTION_CATALOGUE } from '@codex/contracts';
import { Outbox } from '@codex/messaging';
import { MetricsRegistry } from '@codex/platform';
import { Module } from '@nestjs/common';
import { DataSource } from 'typeorm';

import { AccountsModule } from '../accounts/accounts.module';
import { ComputeModule } from '../compute/compute.module';
import { ComputeProviders } from '../compute/compute-providers';
import { ActionRequestsController } from './action-requests.controller';
import { EXECUTOR, ownsUnnamed } from './compute-action-for';
import { ComputeActionHandler } from './compute-action-handler';
import { ProjectedActionAccounts } from './projected-action-accounts';

/**
 * Executes engine-core's actions from `action.requested` on the executor kit: once per
 * idempotency key, verified, reported in `action.completed` with the target's new state.
 */
@Module({
  imports: [AccountsModule, ComputeModule],
  controllers: [ActionRequestsController],
  providers: [
    ProjectedActionAccounts,
    {
      provide: ActionExecutor,
      inject: [DataSource, Outbox, MetricsRegistry, ProjectedActionAccounts, ComputeProviders],
      useFactory: (
        dataSource: DataSource,
        outbox: Outbox,
        metrics: MetricsRegistry,
        accounts: ProjectedActionAccounts,
        compute: ComputeProviders,
      ) =>
        new ActionExecutor({
          name: EXECUTOR,
          dataSource,
          outbox,
          handler: new ComputeActionHandler(ACTION_CATALOGUE, accounts, compute),
          metrics: new ExecutorMetrics(metrics.registry),
          ownsUnnamed,
        }),
    },
  ],
})
export class ActionsModule {}
