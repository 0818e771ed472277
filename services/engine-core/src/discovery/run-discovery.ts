import {
  ACCOUNT_ACCESS_SOURCE,
  type AccountAccessSource,
  AccountUnavailableError,
  type ConnectedAccount,
  ProviderError,
} from '@codex/connectors';
import { withTenant } from '@codex/persistence';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';

import {
  COMPUTE_DISCOVERY,
  type ComputeDiscoveryPort,
  CPU_METRICS,
  type CpuMetricsPort,
  type CpuSample,
  type DiscoveredResource,
  type InstanceRef,
  type MeasuredInstance,
  type MeasuredSample,
} from '../compute/ports';
import { type ClaimedRun, DiscoveryRunStore, RunLostError } from './discovery-run-store';
import { ProgressTracker } from './progress-tracker';
import { ResourcePublisher } from './resource-publisher';

export interface RunSettings {
  /** Discovered resources published per transaction. */
  batchSize: number;
  /** CloudWatch period of the CPU samples, reported with them. */
  cpuPeriodSeconds: number;
  /** How often a run in progress records its progress and proves it is alive. */
  heartbeatMs: number;
}

export const RUN_SETTINGS = Symbol('DISCOVERY_RUN_SETTINGS');

/** The run was stopped because the process is shutting down; it goes back to the queue. */
class RunInterrupted extends Error {}

/**
 * Executes one claimed run: lists the account's compute resources and publishes them batch by
 * batch, then the CPU of its running instances, then, only when all of that succeeded, the
 * deletion of every known resource the run did not see. A provider failure fails the run
 * with the provider's code and message and deletes nothing. The run holds a lease, renewed
 * by a heartbeat; before each batch (and on each heartbeat) it checks the account is still
 * connected as it was when the run started, and fails the run once it is not. Everything it
 * writes is in the run's tenant's scope.
 */
@Injectable()
export class RunDiscovery {
  private readonly logger = new Logger(RunDiscovery.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly runs: DiscoveryRunStore,
    private readonly publisher: ResourcePublisher,
    @Inject(ACCOUNT_ACCESS_SOURCE) private readonly accounts: AccountAccessSource,
    @Inject(COMPUTE_DISCOVERY) private readonly discovery: ComputeDiscoveryPort,
    @Inject(CPU_METRICS) private readonly cpu: CpuMetricsPort,
    @Inject(RUN_SETTINGS) private readonly settings: RunSettings,
  ) {}

  async execute(run: ClaimedRun, stopping: () => boolean = () => false): Promise<void> {
    const progress = new ProgressTracker();
    const lease = new Lease();
    const heartbeat = setInterval(() => {
      this.beat(run, progress, lease).catch((error: unknown) =>
        this.logger.warn(`heartbeat of run ${run.id}: ${String(error)}`),
      );
    }, this.settings.heartbeatMs);
    try {
      await this.discoverAndPublish(run, progress, lease, stopping);
    } catch (error) {
      await this.settle(run, error, progress);
    } finally {
      clearInterval(heartbeat);
    }
  }

  /** Renews the lease and notes a disconnection or a takeover for the run to stop at. */
  private async beat(run: ClaimedRun, progress: ProgressTracker, lease: Lease): Promise<void> {
    try {
      await this.runs.heartbeat(run, progress.snapshot());
    } catch (error) {
      if (error instanceof RunLostError) lease.lost = error;
      throw error;
    }
    if (lease.connectedSince === undefined) return;
    const connected = await withTenant(this.dataSource, run.tenantId, (manager) =>
      this.runs.accountStillConnected(manager, run, lease.connectedSince ?? ''),
    );
    if (!connected) lease.disconnected = disconnectedDuring(run);
  }

  private async discoverAndPublish(
    run: ClaimedRun,
    progress: ProgressTracker,
    lease: Lease,
    stopping: () => boolean,
  ): Promise<void> {
    const checkpoint = () => {
      if (stopping()) throw new RunInterrupted();
      lease.check();
    };
    lease.connectedSince = await this.runs.connectedSince(run);
    if (lease.connectedSince === undefined) {
      throw new AccountUnavailableError('disconnected', `account ${run.accountId} is disconnected`);
    }
    const account = await this.accounts.accessFor(run.tenantId, run.accountId);
    // Every resource is stamped with when the reads began, not when its batch is published:
    // a page read before an action's verifying read must never look newer than it.
    const readsBegan = new Date();
    const running: MeasuredInstance[] = [];
    let batch: DiscoveredResource[] = [];
    for await (const resource of this.discovery.discover(account.access, progress.listener)) {
      checkpoint();
      batch.push(resource);
      const instance = resource.state === 'running' && this.cpu.measuredInstance(resource);
      if (instance) running.push(instance);
      if (batch.length >= this.settings.batchSize) {
        await this.publishBatch(run, account, batch, readsBegan, progress, lease);
        batch = [];
      }
    }
    await this.publishBatch(run, account, batch, readsBegan, progress, lease);
    checkpoint();
    const samples = await this.cpu.latestCpu(account.access, running);
    await this.inRun(run, lease, async (manager) => {
      const now = new Date();
      await this.publisher.cpuSamples(
        manager,
        run,
        withInstances(samples, running),
        this.settings.cpuPeriodSeconds,
      );
      await this.runs.recordProgress(manager, run, progress.snapshot(), {
        metrics: samples.length,
      });
      const deleted = await this.publisher.deletions(manager, run, account, now);
      await this.runs.succeed(manager, run, { deleted, progress: progress.snapshot() });
    });
  }

  private async publishBatch(
    run: ClaimedRun,
    account: ConnectedAccount,
    batch: DiscoveredResource[],
    observedAt: Date,
    progress: ProgressTracker,
    lease: Lease,
  ): Promise<void> {
    await this.inRun(run, lease, async (manager) => {
      await this.publisher.discovered(manager, run, account, batch, observedAt);
      await this.runs.recordProgress(manager, run, progress.snapshot(), {
        discovered: batch.length,
      });
    });
  }

  /**
   * A transaction of the run, in its tenant's scope, that commits only while the account is
   * still connected as it was when the run started.
   */
  private inRun(
    run: ClaimedRun,
    lease: Lease,
    work: (manager: EntityManager) => Promise<void>,
  ): Promise<void> {
    return withTenant(this.dataSource, run.tenantId, async (manager) => {
      if (!(await this.runs.accountStillConnected(manager, run, lease.connectedSince ?? ''))) {
        throw disconnectedDuring(run);
      }
      await work(manager);
    });
  }

  private async settle(run: ClaimedRun, error: unknown, progress: ProgressTracker): Promise<void> {
    if (error instanceof RunLostError) {
      this.logger.warn(error.message);
      return;
    }
    if (error instanceof RunInterrupted) {
      await this.runs.release(run);
      return;
    }
    const { code, message } = failureOf(error);
    if (!(error instanceof ProviderError || error instanceof AccountUnavailableError)) {
      this.logger.error(`discovery run ${run.id} failed unexpectedly`, (error as Error).stack);
    }
    await this.runs.fail(run, code, message, progress.snapshot());
  }
}

/** What the heartbeat learnt, for the run to stop at its next resource. */
class Lease {
  connectedSince: string | undefined;
  lost: RunLostError | undefined;
  disconnected: AccountUnavailableError | undefined;

  check(): void {
    if (this.lost) throw this.lost;
    if (this.disconnected) throw this.disconnected;
  }
}

function disconnectedDuring(run: ClaimedRun): AccountUnavailableError {
  return new AccountUnavailableError(
    'disconnected',
    `account ${run.accountId} was disconnected while it was being discovered`,
  );
}

function failureOf(error: unknown): { code: string; message: string } {
  if (error instanceof ProviderError) return { code: error.providerCode, message: error.message };
  if (error instanceof AccountUnavailableError) {
    return { code: `account_${error.reason}`, message: error.message };
  }
  return {
    code: 'internal_error',
    message: error instanceof Error ? error.message : String(error),
  };
}

function withInstances(
  samples: readonly CpuSample[],
  instances: readonly MeasuredInstance[],
): MeasuredSample[] {
  const byRef = new Map(instances.map((instance) => [refKey(instance), instance]));
  return samples.flatMap((sample) => {
    const instance = byRef.get(refKey(sample));
    return instance ? [{ ...sample, urn: instance.urn, source: instance.source }] : [];
  });
}

function refKey({ region, instanceId }: InstanceRef): string {
  return `${region}/${instanceId}`;
}
