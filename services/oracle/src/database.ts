import { messagingEntities, messagingMigrations } from '@codex/messaging';

import { ActionOutcome } from './actions/action-outcome.entity';
import { analysisEntities } from './analysis/analysis-entities';
import { Anomaly } from './anomalies/anomaly.entity';
import { AnomalySettings } from './anomalies/anomaly-settings.entity';
import { CostAnalysisDue } from './cost/cost-analysis-due.entity';
import { CostLine } from './cost/cost-line.entity';
import { CostForecast } from './forecasts/cost-forecast.entity';
import { identityRiskEntities } from './identity-risk/identity-risk-entities';
import { MetricDay } from './metrics/metric-day.entity';
import { MetricSeries } from './metrics/metric-series.entity';
import { migrations } from './migrations';
import { PromptTemplate } from './prompt-templates/prompt-template.entity';
import { Recommendation } from './recommendations/recommendation.entity';
import { KnownResource } from './resources/known-resource.entity';

/** oracle's tables (and the outbox and inbox), and every migration that builds them. */
export const database = {
  entities: [
    PromptTemplate,
    KnownResource,
    MetricDay,
    MetricSeries,
    CostLine,
    CostAnalysisDue,
    Anomaly,
    AnomalySettings,
    CostForecast,
    ActionOutcome,
    Recommendation,
    ...analysisEntities,
    ...identityRiskEntities,
    ...messagingEntities,
  ],
  migrations: [...migrations, ...messagingMigrations],
};
