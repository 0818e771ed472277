import { Module } from '@nestjs/common';

import { ActionOutcomes } from '../actions/action-outcomes';
import { AnomalyInsights } from '../anomalies/anomaly-insights';
import { AnomalySettingsStore } from '../anomalies/anomaly-settings.store';
import { CostLineProjection } from '../cost/cost-line-projection';
import { MetricRetention } from '../metrics/metric-retention';
import { MetricStream } from '../metrics/metric-stream';
import { ResourceProjection } from '../resources/resource-projection';
import { OracleEventsController } from './oracle-events.controller';

/** What the oracle reads from the event streams: resources, cost lines, metrics, action outcomes. */
@Module({
  controllers: [OracleEventsController],
  providers: [
    ResourceProjection,
    CostLineProjection,
    MetricStream,
    MetricRetention,
    ActionOutcomes,
    AnomalySettingsStore,
    AnomalyInsights,
  ],
  exports: [AnomalySettingsStore, AnomalyInsights],
})
export class StreamsModule {}
