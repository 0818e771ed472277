import { randomUUID } from 'node:crypto';

import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

import type { Anomaly } from '../anomaly.entity';
import { AnomalyInsights } from '../anomaly-insights';
import { AnomalySettingsStore } from '../anomaly-settings.store';
import { dailyCost, type DailyCostLine } from './daily-cost-series';
import { type CostAnomalyEpisode, detectCostAnomalies } from './detect-cost-anomalies';
import { surroundings } from './surroundings';

/**
 * Finds a tenant's cost anomalies over its stored daily cost and records each episode once
 * (the analysis reads the whole window every time, so a restated day is seen as it now is;
 * an episode already recorded is not announced again).
 */
@Injectable()
export class CostAnomalies {
  constructor(
    private readonly settings: AnomalySettingsStore,
    private readonly insights: AnomalyInsights,
  ) {}

  async detect(
    manager: EntityManager,
    tenantId: string,
    lines: readonly DailyCostLine[],
  ): Promise<number> {
    const settings = await this.settings.get(manager, tenantId);
    const episodes = detectCostAnomalies(dailyCost(lines), {
      z: AnomalySettingsStore.costZ(settings.sensitivity),
      minDailyImpact: settings.minDailyImpact,
    });
    let recorded = 0;
    for (const episode of episodes) {
      const context = await surroundings(manager, tenantId, episode);
      const anomaly = toAnomaly(tenantId, episode, context);
      if (await this.insights.record(manager, anomaly, describe(episode))) recorded += 1;
    }
    return recorded;
  }
}

function toAnomaly(
  tenantId: string,
  episode: CostAnomalyEpisode,
  context: Record<string, unknown>,
): Anomaly {
  const { service, rootCause } = episode;
  return {
    id: randomUUID(),
    tenantId,
    source: 'cost',
    seriesKey: service.key,
    subjectUrn:
      rootCause.urn ??
      `codex:cost-scope:service:${service.provider}:${service.accountId}:${service.service}`,
    direction: episode.direction,
    startedAt: new Date(`${episode.startDay}T00:00:00Z`),
    endedAt: new Date(`${episode.endDay}T00:00:00Z`),
    score: Math.abs(episode.score),
    actual: episode.actual,
    expected: episode.expected,
    impact: episode.impact.toFixed(2),
    currency: service.currency,
    details: {
      provider: service.provider,
      accountId: service.accountId,
      service: service.service,
      startDay: episode.startDay,
      endDay: episode.endDay,
      rootCause,
      flaggedSeries: episode.flagged,
      ...context,
    },
    detectedAt: new Date(),
  };
}

function describe(episode: CostAnomalyEpisode): { title: string; summary: string } {
  const { service, rootCause } = episode;
  const cause =
    rootCause.dimension === 'tag'
      ? `resources tagged ${rootCause.value}`
      : rootCause.dimension === 'resource'
        ? rootCause.value
        : `${service.service} as a whole`;
  const verb = episode.direction === 'increase' ? 'rose' : 'fell';
  const amount = `${Math.abs(episode.impact).toFixed(2)} ${service.currency}`;
  const days =
    episode.startDay === episode.endDay
      ? `on ${episode.startDay}`
      : `from ${episode.startDay} to ${episode.endDay}`;
  return {
    title: `${service.service} cost ${verb} in ${service.accountId}: ${cause}`,
    summary: `${service.service} cost in ${service.provider} account ${service.accountId} ${verb} ${days}, ${amount} ${episode.direction === 'increase' ? 'above' : 'below'} what was expected; ${cause} explains ${Math.round(rootCause.share * 100)} % of the change.`,
  };
}
