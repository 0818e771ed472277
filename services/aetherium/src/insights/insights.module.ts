import { Outbox } from '@codex/messaging';
import { Module } from '@nestjs/common';
import { DataSource } from 'typeorm';

import { BudgetAlerts } from '../cost/budgets/budget-alerts';
import { BudgetForecasts } from '../cost/budgets/budget-forecasts';
import { InsightsController } from './api/insights.controller';
import { DismissInsight } from './dismiss-insight';
import { INSIGHT_FOLLOWERS, type InsightFollower } from './insight-follower';
import { InsightReader } from './insight-reader';
import { InsightsEventsController } from './insights-events.controller';
import { StoreInsights } from './store-insights';

/**
 * Insights: every `insight.generated` (the oracle's, and aetherium's own budget alerts) stored
 * per tenant and served at /api/v1/insights; cost forecasts are handed on to budgets.
 */
@Module({
  controllers: [InsightsEventsController, InsightsController],
  providers: [
    {
      provide: INSIGHT_FOLLOWERS,
      inject: [Outbox],
      useFactory: (outbox: Outbox): InsightFollower[] => [
        new BudgetForecasts(new BudgetAlerts(outbox)),
      ],
    },
    {
      provide: StoreInsights,
      inject: [INSIGHT_FOLLOWERS],
      useFactory: (followers: InsightFollower[]) => new StoreInsights(followers),
    },
    {
      provide: InsightReader,
      inject: [DataSource],
      useFactory: (dataSource: DataSource) => new InsightReader(dataSource),
    },
    {
      provide: DismissInsight,
      inject: [DataSource],
      useFactory: (dataSource: DataSource) => new DismissInsight(dataSource),
    },
  ],
})
export class InsightsModule {}
