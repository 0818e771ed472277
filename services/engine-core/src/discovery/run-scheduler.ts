import {
  type BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
} from '@nestjs/common';

import { DiscoveryRunStore } from './discovery-run-store';
import { DiscoveryRunner } from './discovery-runner';

export interface ScheduleSettings {
  /** Minutes between runs of an account; 0 turns scheduling off. */
  intervalMinutes: number;
}

export const SCHEDULE_SETTINGS = Symbol('DISCOVERY_SCHEDULE_SETTINGS');

const MAX_TICK_MS = 60_000;

/** Enqueues a scheduled run for every connected account whose last run is older than the interval. */
@Injectable()
export class RunScheduler implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(RunScheduler.name);
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly runs: DiscoveryRunStore,
    private readonly runner: DiscoveryRunner,
    @Inject(SCHEDULE_SETTINGS) private readonly settings: ScheduleSettings,
  ) {}

  onApplicationBootstrap(): void {
    const { intervalMinutes } = this.settings;
    if (intervalMinutes === 0) return;
    this.timer = setInterval(
      () => void this.tick(),
      Math.min(intervalMinutes * 60_000, MAX_TICK_MS),
    );
    void this.tick();
  }

  beforeApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  /** Enqueues the runs that are due and starts them; resolves to how many were enqueued. */
  async tick(): Promise<number> {
    try {
      const enqueued = await this.runs.enqueueDue(this.settings.intervalMinutes);
      if (enqueued > 0) this.runner.wake();
      return enqueued;
    } catch (error) {
      this.logger.error(`scheduling discovery runs: ${String(error)}`);
      return 0;
    }
  }
}
