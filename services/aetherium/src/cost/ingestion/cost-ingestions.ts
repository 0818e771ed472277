import type { Principal } from '@codex/auth';
import { asSystem } from '@codex/persistence';
import { ProblemException } from '@codex/platform';
import { Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import type { DataSource } from 'typeorm';

import { CostSource } from '../sources/cost-source.entity';
import type { CostSources } from '../sources/cost-sources';
import type { CostIngestionRunner } from './cost-ingestion-runner';

export interface CostIngestionSettings {
  /** 0 turns scheduled ingestion off. */
  intervalMinutes: number;
  /** A run still marked running after this long is taken to have died with its replica. */
  staleRunMinutes: number;
}

const TICK_MS = 60_000;

/**
 * Starts ingestion runs: on request (answered at once with the run id; the run goes on in the
 * background) and on a schedule for sources whose last run is older than the interval. A
 * source runs once at a time across replicas: a run claims it by marking it running.
 */
export class CostIngestions implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(CostIngestions.name);
  private readonly inFlight = new Set<Promise<unknown>>();
  private timer: NodeJS.Timeout | undefined;
  private ticking: Promise<void> | undefined;

  constructor(
    private readonly dataSource: DataSource,
    private readonly sources: CostSources,
    private readonly runner: CostIngestionRunner,
    private readonly settings: CostIngestionSettings,
  ) {}

  async start(caller: Principal, sourceId: string): Promise<{ runId: string; sourceId: string }> {
    await this.sources.source(caller.tenantId, sourceId);
    const runId = await this.runner.claim(caller.tenantId, sourceId, this.staleMs());
    if (!runId) {
      throw new ProblemException(
        409,
        'ingestion_running',
        `cost source ${sourceId} is being ingested already`,
      );
    }
    this.track(this.runner.run(caller.tenantId, sourceId, runId));
    return { runId, sourceId };
  }

  onApplicationBootstrap(): void {
    if (this.settings.intervalMinutes === 0) return;
    this.timer = setInterval(() => {
      this.ticking ??= this.tick().finally(() => (this.ticking = undefined));
    }, TICK_MS);
    this.timer.unref();
  }

  async onModuleDestroy(): Promise<void> {
    clearInterval(this.timer);
    await this.ticking;
    await Promise.allSettled([...this.inFlight]);
  }

  async tick(): Promise<void> {
    const due = await asSystem(
      this.dataSource,
      'finding cost sources due for ingestion',
      (manager) =>
        manager
          .getRepository(CostSource)
          .createQueryBuilder('source')
          .select(['source.id', 'source.tenantId'])
          .where(
            `COALESCE(source.last_run_at, 'epoch') < now() - make_interval(mins => :minutes)`,
            {
              minutes: this.settings.intervalMinutes,
            },
          )
          .getMany(),
    );
    for (const source of due) {
      const runId = await this.runner.claim(source.tenantId, source.id, this.staleMs());
      if (runId) await this.runner.run(source.tenantId, source.id, runId);
    }
  }

  private track(run: Promise<unknown>): void {
    const tracked = run
      .catch((error: unknown) => this.logger.error(`cost ingestion failed: ${String(error)}`))
      .finally(() => this.inFlight.delete(tracked));
    this.inFlight.add(tracked);
  }

  private staleMs(): number {
    return this.settings.staleRunMinutes * 60_000;
  }
}
