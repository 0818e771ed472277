import { Module } from '@nestjs/common';

import { AccountsModule } from '../accounts/accounts.module';
import { ComputeModule } from '../compute/compute.module';
import type { ServiceConfig } from '../config';
import { SERVICE_CONFIG } from '../service-config.token';
import { DiscoveryRunsController } from './api/discovery-runs.controller';
import { DiscoveryRunReader } from './discovery-run-reader';
import { DiscoveryRunStore } from './discovery-run-store';
import { DiscoveryRunner, RUNNER_SETTINGS, type RunnerSettings } from './discovery-runner';
import { RequestDiscoveryRun } from './request-discovery-run';
import { ResourcePublisher } from './resource-publisher';
import { RUN_SETTINGS, RunDiscovery, type RunSettings } from './run-discovery';
import { RunScheduler, SCHEDULE_SETTINGS, type ScheduleSettings } from './run-scheduler';

/** Discovery runs of AWS accounts: on request, on schedule, published as resource events. */
@Module({
  imports: [AccountsModule, ComputeModule],
  controllers: [DiscoveryRunsController],
  providers: [
    {
      provide: RUN_SETTINGS,
      inject: [SERVICE_CONFIG],
      useFactory: ({ discovery, aws }: ServiceConfig): RunSettings => ({
        batchSize: discovery.batchSize,
        cpuPeriodSeconds: aws.cpu.periodSeconds,
        heartbeatMs: discovery.heartbeatMs,
      }),
    },
    {
      provide: RUNNER_SETTINGS,
      inject: [SERVICE_CONFIG],
      useFactory: ({ discovery }: ServiceConfig): RunnerSettings => ({
        pollIntervalMs: discovery.pollIntervalMs,
        concurrency: discovery.concurrency,
        staleAfterSeconds: discovery.staleAfterSeconds,
      }),
    },
    {
      provide: SCHEDULE_SETTINGS,
      inject: [SERVICE_CONFIG],
      useFactory: ({ discovery }: ServiceConfig): ScheduleSettings => ({
        intervalMinutes: discovery.intervalMinutes,
      }),
    },
    DiscoveryRunStore,
    ResourcePublisher,
    RunDiscovery,
    DiscoveryRunner,
    RunScheduler,
    RequestDiscoveryRun,
    DiscoveryRunReader,
  ],
})
export class DiscoveryModule {}
