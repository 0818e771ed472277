import { Module } from '@nestjs/common';

import { AnomaliesController } from '../anomalies/api/anomalies.controller';
import { AnomalyReader } from '../anomalies/api/anomaly-reader';
import { CostAnomalies } from '../anomalies/cost/cost-anomalies';
import { StreamsModule } from '../events/streams.module';
import { ForecastReader } from '../forecasts/api/forecast-reader';
import { ForecastsController } from '../forecasts/api/forecasts.controller';
import { CostForecasts } from '../forecasts/cost-forecasts';
import { ForecastInsights } from '../forecasts/forecast-insights';
import { RecommendationsModule } from '../recommendations/recommendations.module';
import { CostAnalysis } from './cost-analysis';
import { CostAnalysisScheduler } from './cost-analysis.scheduler';

/** Cost anomalies and forecasts, worked out per tenant once its cost settles, and their APIs. */
@Module({
  imports: [StreamsModule, RecommendationsModule],
  controllers: [AnomaliesController, ForecastsController],
  providers: [
    CostAnalysis,
    CostAnalysisScheduler,
    CostAnomalies,
    CostForecasts,
    ForecastInsights,
    AnomalyReader,
    ForecastReader,
  ],
})
export class CostAnalysisModule {}
