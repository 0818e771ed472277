import { asSystem, type Database } from '@codex/persistence';
import {
  type BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { DataSource } from 'typeorm';

import type { ServiceConfig } from '../config';
import { SERVICE_CONFIG } from '../service-config.token';

const SWEEP_MS = 60 * 60_000;

/** SQL for the first UTC day kept, `days` being the parameter that holds METRIC_RETENTION_DAYS. */
export const retentionStart = (days: string) => `(now() AT TIME ZONE 'UTC')::date - ${days}::int`;

/**
 * Drops, every hour and once at start, the metric days older than METRIC_RETENTION_DAYS and
 * the detector state of series silent that long, whichever resource they belong to: a deleted
 * or long-stopped resource sends nothing that would clear its own. Replicas may sweep at once;
 * a delete of what is already gone does nothing.
 */
@Injectable()
export class MetricRetention implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(MetricRetention.name);
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly dataSource: DataSource,
    @Inject(SERVICE_CONFIG) private readonly config: ServiceConfig,
  ) {}

  onApplicationBootstrap(): void {
    const run = () =>
      void this.sweep().catch((error: unknown) =>
        this.logger.error(`sweeping metric days past the retention: ${String(error)}`),
      );
    setImmediate(run);
    this.timer = setInterval(run, SWEEP_MS);
    this.timer.unref();
  }

  beforeApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  /** Resolves to how many day rows and series states went. */
  sweep(database: Database = this.dataSource): Promise<{ days: number; series: number }> {
    const days = this.config.metricRetentionDays;
    return asSystem(database, 'drops metric days past the retention', async (system) => {
      const [, droppedDays] = await system.query<[unknown[], number]>(
        `DELETE FROM metric_days WHERE day < ${retentionStart('$1')}`,
        [days],
      );
      const [, droppedSeries] = await system.query<[unknown[], number]>(
        `DELETE FROM metric_series WHERE last_at < now() - make_interval(days => $1)`,
        [days],
      );
      return { days: droppedDays, series: droppedSeries };
    });
  }
}
