import {
  ACCOUNT_ACCESS_SOURCE,
  type AccountAccessSource,
  AccountBreakers,
  AccountEventsController,
  AccountProjection,
  AwsClientPool,
  AzureClientPool,
  type ProviderEndpoints,
  SealedAccountAccessSource,
  StorageAccountKeys,
} from '@codex/connectors';
import { keyWrapperFor } from '@codex/credentials';
import { Outbox } from '@codex/messaging';
import { type DynamicModule, Module } from '@nestjs/common';
import { DataSource } from 'typeorm';

import type { ServiceConfig } from '../config';
import { CostReader } from './api/cost-reader';
import { CostsController } from './api/costs.controller';
import { BudgetAlerts } from './budgets/budget-alerts';
import { Budgets } from './budgets/budgets';
import { BudgetsController } from './budgets/budgets.controller';
import { CostIngestionRunner } from './ingestion/cost-ingestion-runner';
import { CostIngestions } from './ingestion/cost-ingestions';
import { billReaders } from './readers/bill-readers';
import { CostSources } from './sources/cost-sources';
import { CostSourcesController } from './sources/cost-sources.controller';

/**
 * Cost (ADR 22): sources that read each provider's bill, ingestion into FOCUS line items and
 * daily rollups, the cost API, budgets. Reaches accounts through the shared connector layer,
 * from its own projection of `account.connected`.
 */
@Module({})
export class CostModule {
  static forRoot(config: ServiceConfig): DynamicModule {
    const endpoints: ProviderEndpoints = Object.fromEntries(
      Object.entries({
        aws: config.aws.endpoint,
        azure: config.azure.endpoint,
        gcp: config.gcp.endpoint,
      }).filter(([, endpoint]) => endpoint !== undefined),
    );
    return {
      module: CostModule,
      controllers: [
        AccountEventsController,
        CostsController,
        CostSourcesController,
        BudgetsController,
      ],
      providers: [
        { provide: AccountProjection, useValue: new AccountProjection(['aws', 'azure', 'gcp']) },
        {
          provide: ACCOUNT_ACCESS_SOURCE,
          inject: [DataSource],
          useFactory: (dataSource: DataSource) =>
            new SealedAccountAccessSource(dataSource, keyWrapperFor(config.credentials), endpoints),
        },
        {
          provide: BudgetAlerts,
          inject: [Outbox],
          useFactory: (outbox: Outbox) => new BudgetAlerts(outbox),
        },
        {
          provide: CostIngestionRunner,
          inject: [DataSource, ACCOUNT_ACCESS_SOURCE, Outbox, BudgetAlerts],
          useFactory: (
            dataSource: DataSource,
            accounts: AccountAccessSource,
            outbox: Outbox,
            alerts: BudgetAlerts,
          ) => {
            const breakers = new AccountBreakers();
            const azure = new AzureClientPool(breakers);
            const readers = billReaders({
              aws: new AwsClientPool(breakers),
              azure,
              azureStorage: new StorageAccountKeys(azure),
            });
            return new CostIngestionRunner(dataSource, accounts, readers, outbox, alerts);
          },
        },
        {
          provide: CostSources,
          inject: [DataSource],
          useFactory: (dataSource: DataSource) => new CostSources(dataSource),
        },
        {
          provide: CostIngestions,
          inject: [DataSource, CostSources, CostIngestionRunner],
          useFactory: (dataSource: DataSource, sources: CostSources, runner: CostIngestionRunner) =>
            new CostIngestions(dataSource, sources, runner, config.cost),
        },
        {
          provide: CostReader,
          inject: [DataSource],
          useFactory: (dataSource: DataSource) => new CostReader(dataSource),
        },
        {
          provide: Budgets,
          inject: [DataSource, BudgetAlerts],
          useFactory: (dataSource: DataSource, alerts: BudgetAlerts) =>
            new Budgets(dataSource, alerts),
        },
      ],
    };
  }
}
