import { withTenant } from '@codex/persistence';
import { Injectable, Logger } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

import { CostAnomalies } from '../anomalies/cost/cost-anomalies';
import { CostForecasts } from '../forecasts/cost-forecasts';
import { RealisedSavings } from '../recommendations/realised-savings';
import { readDailyCost } from './daily-cost-reader';

/** Everything the oracle works out from a tenant's cost once it changes: anomalies, forecasts, realised savings. */
@Injectable()
export class CostAnalysis {
  private readonly logger = new Logger(CostAnalysis.name);

  constructor(
    private readonly anomalies: CostAnomalies,
    private readonly forecasts: CostForecasts,
    private readonly savings: RealisedSavings,
  ) {}

  analyse(manager: EntityManager, tenantId: string): Promise<void> {
    return withTenant(manager, tenantId, async (tenant) => {
      const lines = await readDailyCost(tenant, tenantId);
      const found = await this.anomalies.detect(tenant, tenantId, lines);
      const forecast = await this.forecasts.refresh(tenant, tenantId, lines);
      await this.savings.measure(tenant, tenantId);
      this.logger.log(
        `tenant ${tenantId}: ${lines.length} cost lines, ${found} new anomalies, ${forecast} scopes forecast`,
      );
    });
  }
}
