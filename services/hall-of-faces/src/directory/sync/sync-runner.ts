import { Logger } from '@nestjs/common';

import type { RunSync } from './run-sync';
import type { SyncRunStore } from './sync-run-store';

export interface SyncRunnerSettings {
  pollIntervalMs: number;
  concurrency: number;
  staleAfterMs: number;
  /** 0 turns scheduled syncs off. */
  scheduleIntervalMs: number;
}

/**
 * Claims queued syncs and runs them in the background: when woken by a request, and on a timer
 * (queued runs left by a restart or a dead replica, and the scheduled incremental syncs).
 */
export class SyncRunner {
  private readonly logger = new Logger(SyncRunner.name);
  private readonly inFlight = new Set<Promise<void>>();
  private timer: NodeJS.Timeout | undefined;
  private claiming = false;
  private stopping = false;

  constructor(
    private readonly runs: SyncRunStore,
    private readonly execution: RunSync,
    private readonly settings: SyncRunnerSettings,
  ) {}

  start(): void {
    this.timer = setInterval(() => void this.tick(), this.settings.pollIntervalMs);
    void this.tick();
  }

  async stop(): Promise<void> {
    this.stopping = true;
    clearInterval(this.timer);
    await Promise.allSettled([...this.inFlight]);
  }

  private async tick(): Promise<void> {
    if (this.settings.scheduleIntervalMs > 0) {
      await this.runs
        .enqueueDue(this.settings.scheduleIntervalMs)
        .catch((error: unknown) =>
          this.logger.error(`scheduling identity syncs: ${String(error)}`),
        );
    }
    this.wake();
  }

  /** Starts queued runs now, as far as the concurrency allows. */
  wake(): void {
    if (this.stopping || this.claiming) return;
    this.claiming = true;
    this.claimAvailable()
      .catch((error: unknown) => this.logger.error(`claiming identity syncs: ${String(error)}`))
      .finally(() => (this.claiming = false));
  }

  private async claimAvailable(): Promise<void> {
    while (!this.stopping && this.inFlight.size < this.settings.concurrency) {
      const run = await this.runs.claim(this.settings.staleAfterMs);
      if (!run) return;
      const execution = this.execution
        .execute(run)
        .catch((error: unknown) =>
          this.logger.error(`identity sync ${run.id} could not be settled: ${String(error)}`),
        )
        .finally(() => {
          this.inFlight.delete(execution);
          this.wake();
        });
      this.inFlight.add(execution);
    }
  }
}
