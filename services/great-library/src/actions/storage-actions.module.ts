import { ActionExecutor, ExecutorMetrics } from '@codex/actions';
import { ACTION_CATALOGUE } from '@codex/contracts';
import { Outbox } from '@codex/messaging';
import { MetricsRegistry } from '@codex/platform';
import { type DynamicModule, Module } from '@nestjs/common';
import { DataSource } from 'typeorm';

import { BucketDirectory } from '../buckets/bucket-directory';
import { ActionRequestsController } from './action-requests.controller';
import { StorageActionHandler } from './storage-action-handler';

/**
 * Executes the storage actions from `action.requested` on the executor kit: once per
 * idempotency key, verified, reported in `action.completed`.
 */
@Module({})
export class StorageActionsModule {
  static forRoot(): DynamicModule {
    return {
      module: StorageActionsModule,
      controllers: [ActionRequestsController],
      providers: [
        {
          provide: ActionExecutor,
          inject: [DataSource, Outbox, MetricsRegistry, BucketDirectory],
          useFactory: (
            dataSource: DataSource,
            outbox: Outbox,
            metrics: MetricsRegistry,
            buckets: BucketDirectory,
          ) =>
            new ActionExecutor({
              name: 'great-library',
              dataSource,
              outbox,
              handler: new StorageActionHandler(ACTION_CATALOGUE, buckets),
              metrics: new ExecutorMetrics(metrics.registry),
            }),
        },
      ],
    };
  }
}
