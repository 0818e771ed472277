import { timestampDate } from '@bufbuild/protobuf/wkt';
import type { DeliveredEvent } from '@codex/messaging';
import { asSystem } from '@codex/persistence';
import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

import { AnomalyInsights } from '../anomalies/anomaly-insights';
import { AnomalySettingsStore } from '../anomalies/anomaly-settings.store';
import { restoreDetector } from '../anomalies/series-detector';
import type { ServiceConfig } from '../config';
import { SERVICE_CONFIG } from '../service-config.token';
import { retentionStart } from './metric-retention';
import {
  type MetricEpisode,
  type ScoredPoint,
  scoreSeries,
  type SeriesState,
} from './score-series';

type Sampled = DeliveredEvent<'metrics.sampled'>;

const DAY_MS = 86_400_000;

interface SeriesRow {
  tenant_id: string;
  resource_urn: string;
  metric: string;
  last_at: Date;
  points: number;
  state: unknown;
  open_anomaly_id: string | null;
}

/**
 * Scores every metric sample as it arrives, with only the series' past: the detector's state
 * per (resource, metric) lives in metric_series and moves forward in the batch's
 * transaction, so a redelivered or replayed batch scores nothing twice. The samples scored are
 * kept for utilisation, a row a series and day; an anomalous run becomes one anomaly and one
 * `insight.generated`.
 */
@Injectable()
export class MetricStream {
  constructor(
    @Inject(SERVICE_CONFIG) private readonly config: ServiceConfig,
    private readonly settings: AnomalySettingsStore,
    private readonly insights: AnomalyInsights,
  ) {}

  async apply(events: Sampled[], manager: EntityManager): Promise<void> {
    const bySeries = groupBySeries(events);
    if (bySeries.size === 0) return;
    await asSystem(manager, 'scores metric samples of many tenants', async (system) => {
      const states = await this.loadStates(system, [...bySeries.values()]);
      await this.keepSamples(system, newSamples(bySeries, states));
      const updated: SeriesRow[] = [];
      const thresholds = new Map<string, number>();
      for (const series of bySeries.values()) {
        const key = seriesKey(series);
        const previous = states.get(key);
        let threshold = thresholds.get(series.tenantId);
        if (threshold === undefined) {
          threshold = await this.settings.metricThreshold(system, series.tenantId);
          thresholds.set(series.tenantId, threshold);
        }
        const state: SeriesState = {
          detector: restoreDetector(previous?.state),
          lastAt: previous?.last_at.getTime() ?? -Infinity,
          points: previous?.points ?? 0,
          openAnomalyId: previous?.open_anomaly_id ?? null,
        };
        const result = scoreSeries(state, series.samples, threshold);
        for (const episode of result.episodes) await this.record(system, series, episode);
        if (result.scored > 0) {
          updated.push({
            tenant_id: series.tenantId,
            resource_urn: series.resourceUrn,
            metric: series.metric,
            last_at: new Date(state.lastAt),
            points: state.points,
            state: state.detector.snapshot(),
            open_anomaly_id: state.openAnomalyId,
          });
        }
      }
      await this.saveStates(system, updated);
    });
  }

  /**
   * Appends the batch's new samples to their series' day rows in one statement: the series once
   * each, the samples as plain arrays pointing at their series. Days already past the retention
   * are not kept; older days go in the retention sweep (MetricRetention).
   */
  private async keepSamples(manager: EntityManager, fresh: SampledSeries[]): Promise<void> {
    if (fresh.length === 0) return;
    const seriesNumbers: number[] = [];
    const times: number[] = [];
    const values: number[] = [];
    fresh.forEach((one, index) => {
      for (const sample of one.samples) {
        seriesNumbers.push(index + 1);
        times.push(sample.t);
        values.push(sample.v);
      }
    });
    await manager.query(
      `WITH days AS (
         SELECT s.series, date '1970-01-01' + (s.ms / ${DAY_MS})::int AS day,
                array_agg((s.ms % ${DAY_MS})::int ORDER BY s.ms) AS offsets_ms,
                array_agg(s.value ORDER BY s.ms) AS samples
           FROM unnest($4::int[], $5::int8[], $6::float8[]) AS s(series, ms, value)
          GROUP BY s.series, day
       )
       INSERT INTO metric_days (tenant_id, resource_urn, metric, day, offsets_ms, samples)
       SELECT k.tenant_id, k.resource_urn, k.metric, d.day, d.offsets_ms, d.samples
         FROM days d
         JOIN unnest($1::varchar[], $2::varchar[], $3::varchar[]) WITH ORDINALITY
              AS k(tenant_id, resource_urn, metric, series) USING (series)
        WHERE d.day >= ${retentionStart('$7')}
       ON CONFLICT ON CONSTRAINT pk_metric_days DO UPDATE
          SET offsets_ms = metric_days.offsets_ms || EXCLUDED.offsets_ms,
              samples = metric_days.samples || EXCLUDED.samples`,
      [
        fresh.map((s) => s.tenantId),
        fresh.map((s) => s.resourceUrn),
        fresh.map((s) => s.metric),
        seriesNumbers,
        times,
        values,
        this.config.metricRetentionDays,
      ],
    );
  }

  private async loadStates(
    manager: EntityManager,
    series: SampledSeries[],
  ): Promise<Map<string, SeriesRow>> {
    const rows = await manager.query<SeriesRow[]>(
      `SELECT s.tenant_id, s.resource_urn, s.metric, s.last_at, s.points, s.state, s.open_anomaly_id
         FROM metric_series s
         JOIN unnest($1::varchar[], $2::varchar[], $3::varchar[]) AS k(tenant_id, resource_urn, metric)
           ON s.tenant_id = k.tenant_id AND s.resource_urn = k.resource_urn AND s.metric = k.metric
        FOR UPDATE OF s`,
      [
        series.map((s) => s.tenantId),
        series.map((s) => s.resourceUrn),
        series.map((s) => s.metric),
      ],
    );
    return new Map(
      rows.map((row) => [
        seriesKey({ tenantId: row.tenant_id, resourceUrn: row.resource_urn, metric: row.metric }),
        row,
      ]),
    );
  }

  private async saveStates(manager: EntityManager, rows: SeriesRow[]): Promise<void> {
    if (rows.length === 0) return;
    await manager.query(
      `INSERT INTO metric_series (tenant_id, resource_urn, metric, last_at, points, state, open_anomaly_id)
       SELECT * FROM jsonb_to_recordset($1::jsonb) AS r(tenant_id varchar, resource_urn varchar, metric varchar,
              last_at timestamptz, points integer, state jsonb, open_anomaly_id uuid)
       ON CONFLICT ON CONSTRAINT pk_metric_series DO UPDATE SET last_at = EXCLUDED.last_at,
         points = EXCLUDED.points, state = EXCLUDED.state, open_anomaly_id = EXCLUDED.open_anomaly_id`,
      [JSON.stringify(rows)],
    );
  }

  private async record(
    manager: EntityManager,
    series: SampledSeries,
    episode: MetricEpisode,
  ): Promise<void> {
    if (episode.continues) {
      await manager.query(
        `UPDATE anomalies SET ended_at = $2, score = GREATEST(score, $3) WHERE id = $1`,
        [episode.id, new Date(episode.end.t), episode.peak.score],
      );
      return;
    }
    const anomaly = {
      id: episode.id,
      tenantId: series.tenantId,
      source: 'metric' as const,
      seriesKey: `metric:${series.resourceUrn}:${series.metric}`,
      subjectUrn: series.resourceUrn,
      direction:
        episode.peak.v >= episode.peak.expected ? ('increase' as const) : ('decrease' as const),
      startedAt: new Date(episode.start.t),
      endedAt: new Date(episode.end.t),
      score: episode.peak.score,
      actual: episode.peak.v,
      expected: episode.peak.expected,
      impact: null,
      currency: null,
      details: { metric: series.metric, unit: series.unit, statistic: series.statistic },
      detectedAt: new Date(),
    };
    await this.insights.record(manager, anomaly, metricText(anomaly, series));
  }
}

export interface SampledSeries {
  tenantId: string;
  resourceUrn: string;
  metric: string;
  unit: string;
  statistic: string;
  samples: ScoredPoint[];
}

function groupBySeries(events: Sampled[]): Map<string, SampledSeries> {
  const bySeries = new Map<string, SampledSeries>();
  for (const { payload } of events) {
    const key = seriesKey(payload);
    let series = bySeries.get(key);
    if (!series) {
      series = {
        tenantId: payload.tenantId,
        resourceUrn: payload.resourceUrn,
        metric: payload.metric,
        unit: payload.unit,
        statistic: payload.statistic,
        samples: [],
      };
      bySeries.set(key, series);
    }
    for (const sample of payload.samples) {
      if (sample.at)
        series.samples.push({ t: timestampDate(sample.at).getTime(), v: sample.value });
    }
  }
  for (const series of bySeries.values()) series.samples = inTimeOrderOncePerTime(series.samples);
  return bySeries;
}

/** Of each series, the samples it has not scored before: those are the ones to keep. */
function newSamples(
  bySeries: Map<string, SampledSeries>,
  states: Map<string, SeriesRow>,
): SampledSeries[] {
  const fresh: SampledSeries[] = [];
  for (const [key, series] of bySeries) {
    const lastAt = states.get(key)?.last_at.getTime() ?? -Infinity;
    const samples = series.samples.filter(
      (sample) => sample.t > lastAt && Number.isFinite(sample.v),
    );
    if (samples.length > 0) fresh.push({ ...series, samples });
  }
  return fresh;
}

/** Sorted by time; of two samples at the same time, the later delivered one (one row per time). */
function inTimeOrderOncePerTime(samples: ScoredPoint[]): ScoredPoint[] {
  const sorted = samples.sort((a, b) => a.t - b.t);
  return sorted.filter((sample, i) => sorted[i + 1]?.t !== sample.t);
}

function seriesKey(series: { tenantId: string; resourceUrn: string; metric: string }): string {
  return `${series.tenantId}\u0000${series.resourceUrn}\u0000${series.metric}`;
}

function metricText(
  anomaly: { direction: string; actual: number; expected: number; startedAt: Date },
  series: SampledSeries,
): { title: string; summary: string } {
  const name = series.resourceUrn.split('/').pop() ?? series.resourceUrn;
  const verb = anomaly.direction === 'increase' ? 'rose' : 'fell';
  return {
    title: `${series.metric} of ${name} ${verb} unexpectedly`,
    summary: `${series.metric} ${verb} to ${anomaly.actual.toFixed(1)} ${series.unit} where ${anomaly.expected.toFixed(1)} was expected, from ${anomaly.startedAt.toISOString()}.`,
  };
}
