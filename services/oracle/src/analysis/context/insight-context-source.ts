import type { EntityManager } from 'typeorm';

import { Anomaly } from '../../anomalies/anomaly.entity';
import { Recommendation } from '../../recommendations/recommendation.entity';
import type {
  AnalysisContext,
  AnalysisContextSource,
  ContextItem,
} from './analysis-context-source';
import { ResourceContextSource } from './resource-context-source';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DETAILS_CHARS = 1500;

/**
 * An insight the oracle raised (its id is the anomaly's or the recommendation's), with the
 * resource it is about when the oracle knows it, so a proposal can target that resource.
 */
export class InsightContextSource implements AnalysisContextSource {
  readonly kind = 'insight' as const;
  private readonly resources = new ResourceContextSource();

  async load(
    manager: EntityManager,
    tenantId: string,
    id: string,
  ): Promise<AnalysisContext | undefined> {
    if (!UUID.test(id)) return undefined;
    const anomaly = await manager.findOneBy(Anomaly, { id, tenantId });
    if (anomaly)
      return this.withResource(manager, tenantId, anomaly.subjectUrn, anomalyContext(anomaly));
    const recommendation = await manager.findOneBy(Recommendation, { id, tenantId });
    if (recommendation) {
      return this.withResource(
        manager,
        tenantId,
        recommendation.resourceUrn,
        recommendationContext(recommendation),
      );
    }
    return undefined;
  }

  private async withResource(
    manager: EntityManager,
    tenantId: string,
    urn: string,
    context: AnalysisContext,
  ): Promise<AnalysisContext> {
    const resource = await this.resources.load(manager, tenantId, urn);
    return { subject: context.subject, items: [...context.items, ...(resource?.items ?? [])] };
  }
}

function anomalyContext(anomaly: Anomaly): AnalysisContext {
  const item: ContextItem = {
    id: anomaly.id,
    text: [
      `${anomaly.source} anomaly (${anomaly.direction}) on ${anomaly.seriesKey}`,
      `from ${anomaly.startedAt.toISOString()} to ${anomaly.endedAt.toISOString()}`,
      `actual=${anomaly.actual} expected=${anomaly.expected} score=${anomaly.score}`,
      anomaly.impact === null ? '' : `impact=${anomaly.impact} ${anomaly.currency ?? ''}`,
      `subject=${anomaly.subjectUrn}`,
      `details: ${JSON.stringify(anomaly.details).slice(0, DETAILS_CHARS)}`,
    ]
      .filter(Boolean)
      .join(' '),
  };
  return { subject: `anomaly on ${anomaly.seriesKey}`, items: [item] };
}

function recommendationContext(recommendation: Recommendation): AnalysisContext {
  const item: ContextItem = {
    id: recommendation.id,
    text: [
      `recommendation (${recommendation.kind}, ${recommendation.status}): ${recommendation.title}`,
      `saving=${recommendation.monthlySaving} ${recommendation.currency}/month`,
      `risk=${recommendation.riskLevel} (${recommendation.riskReason}) effort=${recommendation.effort}`,
      `resource=${recommendation.resourceUrn}`,
      `evidence: ${JSON.stringify(recommendation.evidence).slice(0, DETAILS_CHARS)}`,
    ].join(' '),
  };
  return { subject: recommendation.title, items: [item] };
}
