import { Logger } from '@nestjs/common';
import type { DataSource } from 'typeorm';

import { sleep } from '../backoff';

const BATCH = 10_000;

/**
 * Deletes inbox marks older than the retention, a batch at a time. The retention
 * must outlast every topic's retention, so a mark is never gone while Kafka could
 * still redeliver its event.
 */
export class InboxPruner {
  private readonly logger = new Logger(InboxPruner.name);
  private running = false;
  private loop: Promise<void> | undefined;

  constructor(
    private readonly dataSource: DataSource,
    private readonly retentionDays: number,
    private readonly intervalMs = 60 * 60 * 1000,
  ) {}

  start(): void {
    this.running = true;
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.running = false;
    await this.loop;
  }

  /** Removes every expired mark; returns how many. */
  async prune(): Promise<number> {
    let removed = 0;
    for (;;) {
      const [, count] = await this.dataSource.query<[unknown, number]>(
        `DELETE FROM inbox_events WHERE event_id IN (
           SELECT event_id FROM inbox_events WHERE received_at < now() - make_interval(days => $1) LIMIT $2)`,
        [this.retentionDays, BATCH],
      );
      removed += count;
      if (count < BATCH) return removed;
    }
  }

  private async run(): Promise<void> {
    while (this.running) {
      try {
        const removed = await this.prune();
        if (removed > 0)
          this.logger.log(`pruned ${removed} inbox marks older than ${this.retentionDays} days`);
      } catch (error) {
        this.logger.warn(`inbox pruning failed; trying again next round: ${String(error)}`);
      }
      for (let waited = 0; this.running && waited < this.intervalMs; waited += 1_000)
        await sleep(1_000);
    }
  }
}
