import { asSystem } from '@codex/persistence';
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
import { CostAnalysis } from './cost-analysis';

const TICK_MS = 1_000;
const MAX_PER_TICK = 50;

/**
 * Analyses each tenant whose cost changed once its lines have stopped arriving for a quiet
 * while (a bill's month comes as many batches). A claimed tenant is locked (SKIP LOCKED), so
 * replicas share the work; its row goes when the analysis commits, or stays to be retried.
 */
@Injectable()
export class CostAnalysisScheduler implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(CostAnalysisScheduler.name);
  private timer: NodeJS.Timeout | undefined;
  private running = false;

  constructor(
    private readonly dataSource: DataSource,
    private readonly analysis: CostAnalysis,
    @Inject(SERVICE_CONFIG) private readonly config: ServiceConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.tick(), TICK_MS);
  }

  beforeApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  /** Analyses every tenant that is due; resolves to how many were. */
  async tick(): Promise<number> {
    if (this.running) return 0;
    this.running = true;
    let analysed = 0;
    try {
      while (analysed < MAX_PER_TICK && (await this.analyseOne())) analysed += 1;
    } catch (error) {
      this.logger.error(`analysing cost: ${String(error)}`);
    } finally {
      this.running = false;
    }
    return analysed;
  }

  private analyseOne(): Promise<boolean> {
    return asSystem(
      this.dataSource,
      'claims a tenant whose cost is due for analysis',
      async (system) => {
        const due = await system.query<{ tenant_id: string; changed_at: string }[]>(
          `SELECT tenant_id, changed_at::text AS changed_at FROM cost_analysis_due
          WHERE changed_at < now() - make_interval(secs => $1)
          ORDER BY changed_at LIMIT 1 FOR UPDATE SKIP LOCKED`,
          [this.config.costAnalysisQuietMs / 1000],
        );
        const claimed = due[0];
        if (!claimed) return false;
        await this.analysis.analyse(system, claimed.tenant_id);
        await system.query(
          `DELETE FROM cost_analysis_due WHERE tenant_id = $1 AND changed_at = $2::timestamptz`,
          [claimed.tenant_id, claimed.changed_at],
        );
        return true;
      },
    );
  }
}
