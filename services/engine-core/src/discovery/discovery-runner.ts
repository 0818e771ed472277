import {
  type BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
} from '@nestjs/common';

import { DiscoveryRunStore } from './discovery-run-store';
import { RunDiscovery } from './run-discovery';

export interface RunnerSettings {
  pollIntervalMs: number;
  /** Runs this replica executes at the same time. */
  concurrency: number;
  /** A running run whose heartbeat is older than this is taken over (its replica died). */
  staleAfterSeconds: number;
}

export const RUNNER_SETTINGS = Symbol('DISCOVERY_RUNNER_SETTINGS');

/**
 * Claims queued runs (FOR UPDATE SKIP LOCKED, so replicas share them) and executes them in
 * the background: when woken by a new request, and on a timer, so queued runs left by a
 * restart or a dead replica are picked up. At shutdown, runs in flight go back to the queue.
 */
@Injectable()
export class DiscoveryRunner implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(DiscoveryRunner.name);
  private readonly inFlight = new Set<Promise<void>>();
  private timer: NodeJS.Timeout | undefined;
  private claiming = false;
  private stopping = false;

  constructor(
    private readonly runs: DiscoveryRunStore,
    private readonly execution: RunDiscovery,
    @Inject(RUNNER_SETTINGS) private readonly settings: RunnerSettings,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => this.wake(), this.settings.pollIntervalMs);
    this.wake();
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopping = true;
    clearInterval(this.timer);
    await Promise.allSettled([...this.inFlight]);
  }

  /** Starts queued runs now, as far as the concurrency allows. */
  wake(): void {
    if (this.stopping || this.claiming) return;
    this.claiming = true;
    this.claimAvailable()
      .catch((error: unknown) => this.logger.error(`claiming discovery runs: ${String(error)}`))
      .finally(() => (this.claiming = false));
  }

  private async claimAvailable(): Promise<void> {
    while (!this.stopping && this.inFlight.size < this.settings.concurrency) {
      const run = await this.runs.claim(this.settings.staleAfterSeconds);
      if (!run) return;
      const execution = this.execution
        .execute(run, () => this.stopping)
        .catch((error: unknown) =>
          this.logger.error(`discovery run ${run.id} could not be settled: ${String(error)}`),
        )
        .finally(() => {
          this.inFlight.delete(execution);
          this.wake();
        });
      this.inFlight.add(execution);
    }
  }
}
