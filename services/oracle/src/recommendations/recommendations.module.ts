import { Module } from '@nestjs/common';

import { ActionDrafts } from '../actions/action-drafts';
import { RecommendationsController } from './api/recommendations.controller';
import { ApplyRecommendation } from './apply-recommendation';
import { RealisedSavings } from './realised-savings';
import { RecommendationScheduler } from './recommendation.scheduler';
import { RecommendationInsights } from './recommendation-insights';
import { RecommendationReader } from './recommendation-reader';
import { ReconcileRecommendations } from './reconcile-recommendations';
import { RefreshRecommendations } from './refresh-recommendations';
import { ResourceFactsReader } from './resource-facts';

/** Recommendations: the rules, their refresh and schedule, apply through the pipeline, realised savings. */
@Module({
  controllers: [RecommendationsController],
  providers: [
    ActionDrafts,
    ApplyRecommendation,
    RealisedSavings,
    RecommendationInsights,
    RecommendationReader,
    RecommendationScheduler,
    ReconcileRecommendations,
    RefreshRecommendations,
    ResourceFactsReader,
  ],
  exports: [RealisedSavings, RefreshRecommendations],
})
export class RecommendationsModule {}
