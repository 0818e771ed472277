import { timestampDate } from '@bufbuild/protobuf/wkt';
import type { DeliveredEvent } from '@codex/messaging';
import { asSystem } from '@codex/persistence';
import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

import { AnomalyInsights } from '../anomalies/anomaly-insights';
import { AnomalySettingsStore } from '../anomalies/anomaly-settings.store';
import { restoreDetector, type SeriesDetector } from '../anomalies/series-detector';
import type { ServiceConfig } from '../config';
import { SERVICE_CONFIG } from '../service-config.token';
import { type CacheEntry, DetectorCache } from './detector-cache';
import { retentionStart } from './metric-retention';
import {
  type MetricEpisode,
  type ScoredPoint,
  scoreSeries,
  type SeriesState,
} from './score-series';
import { numberArray, numberArrays } from './sql-arrays';

type Sampled = DeliveredEvent<'metrics.sampled'>;

const DAY_MS = 86_400_000;

interface SeriesRow {
  tenant_id: string;
  resource_urn: string;
  metric: string;
  last_at: Date;
  points: number;
  /** The detector's JSON; null when the cached detector is the saved one. */
  state: string | null;
  open_anomaly_id: string | null;
}

/**
 * Scores every metric sample as it arrives, with only the series' past: the detector's state
 * per (resource, metric) lives in metric_series and moves forward in the batch's
 * transaction, so a redelivered or replayed batch scores nothing twice (the partition's owner
 * also keeps its series' detectors in memory: DetectorCache). The samples scored are
 * kept for utilisation, a row a series and day; an anomalous run becomes one anomaly and one
 * `insight.generated`.
 */
@Injectable()
export class MetricStream {
  private readonly detectors: DetectorCache;

  constructor(
    @Inject(SERVICE_CONFIG) private readonly config: ServiceConfig,
    private readonly settings: AnomalySettingsStore,
    private readonly insights: AnomalyInsights,
  ) {
    this.detectors = new DetectorCache(config.detectorCacheBytes);
  }

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
        const cached = this.detectors.take(key);
        const state: SeriesState = {
          detector: await this.detectorOf(system, series, previous, cached),
          lastAt: previous?.last_at.getTime() ?? -Infinity,
          points: previous?.points ?? 0,
          openAnomalyId: previous?.open_anomaly_id ?? null,
        };
        const result = scoreSeries(state, series.samples, threshold);
        for (const episode of result.episodes) await this.record(system, series, episode);
        const kept = { detector: state.detector, lastAt: state.lastAt, points: state.points };
        if (result.scored > 0) {
          const json = state.detector.serialize();
          updated.push({
            tenant_id: series.tenantId,
            resource_urn: series.resourceUrn,
            metric: series.metric,
            last_at: new Date(state.lastAt),
            points: state.points,
            state: json,
            open_anomaly_id: state.openAnomalyId,
          });
          this.detectors.put(key, kept, json.length);
        } else if (cached && previous?.state === null) {
          this.detectors.put(key, kept, cached.bytes);
        }
      }
      await this.saveStates(system, updated);
    });
  }

  /**
   * The series' detector: the cached one when the row says it is current, else restored from
   * the row (or new). Should another batch have taken the cached one meanwhile, the row's state
   * is read after all.
   */
  private async detectorOf(
    manager: EntityManager,
    series: SampledSeries,
    previous: SeriesRow | undefined,
    cached: CacheEntry | undefined,
  ): Promise<SeriesDetector> {
    if (!previous) return restoreDetector();
    if (previous.state !== null) return restoreDetector(previous.state);
    if (cached) return cached.detector;
    const [row] = await manager.query<{ state: string }[]>(
      `SELECT state FROM metric_series
        WHERE tenant_id = $1 AND resource_urn = $2 AND metric = $3`,
      [series.tenantId, series.resourceUrn, series.metric],
    );
    return restoreDetector(row?.state);
  }

  /**
   * Appends the batch's new samples to their series' day rows in one statement, a row of
   * parameters a series and UTC day (the samples are in time order, so a day's are together).
   * Days already past the retention are not kept; older days go in the retention sweep
   * (MetricRetention).
   */
  private async keepSamples(manager: EntityManager, fresh: SampledSeries[]): Promise<void> {
    const days = dayChunks(fresh);
    if (days.length === 0) return;
    await manager.query(
      `INSERT INTO metric_days (tenant_id, resource_urn, metric, day, offsets_ms, samples)
       SELECT d.tenant_id, d.resource_urn, d.metric, date '1970-01-01' + d.day,
              d.offsets_ms::int[], d.samples::float8[]
         FROM unnest($1::varchar[], $2::varchar[], $3::varchar[], $4::int[], $5::text[], $6::text[])
              AS d(tenant_id, resource_urn, metric, day, offsets_ms, samples)
        WHERE date '1970-01-01' + d.day >= ${retentionStart('$7')}
       ON CONFLICT ON CONSTRAINT pk_metric_days DO UPDATE
          SET offsets_ms = metric_days.offsets_ms || EXCLUDED.offsets_ms,
              samples = metric_days.samples || EXCLUDED.samples`,
      [
        days.map((d) => d.series.tenantId),
        days.map((d) => d.series.resourceUrn),
        days.map((d) => d.series.metric),
        numberArray(days.map((d) => d.day)),
        numberArrays(days.map((d) => d.offsets)),
        numberArrays(days.map((d) => d.values)),
        this.config.metricRetentionDays,
      ],
    );
  }

  /**
   * The series' rows, locked for the batch; a row's state is left out when the cached detector
   * was saved as that row (same last_at and points).
   */
  private async loadStates(
    manager: EntityManager,
    series: SampledSeries[],
  ): Promise<Map<string, SeriesRow>> {
    const cached = series.map((s) => this.detectors.peek(seriesKey(s)));
    const rows = await manager.query<SeriesRow[]>(
      `SELECT s.tenant_id, s.resource_urn, s.metric, s.last_at, s.points, s.open_anomaly_id,
              CASE WHEN s.last_at = k.cached_at AND s.points = k.cached_points THEN NULL
                   ELSE s.state END AS state
         FROM metric_series s
         JOIN unnest($1::varchar[], $2::varchar[], $3::varchar[], $4::timestamptz[], $5::int[])
              AS k(tenant_id, resource_urn, metric, cached_at, cached_points)
           ON s.tenant_id = k.tenant_id AND s.resource_urn = k.resource_urn AND s.metric = k.metric
        FOR UPDATE OF s`,
      [
        series.map((s) => s.tenantId),
        series.map((s) => s.resourceUrn),
        series.map((s) => s.metric),
        cached.map((c) => (c ? new Date(c.lastAt) : null)),
        cached.map((c) => c?.points ?? null),
      ],
    );
    return new Map(
      rows.map((row) => [
        seriesKey({ tenantId: row.tenant_id, resourceUrn: row.resource_urn, metric: row.metric }),
        row,
      ]),
    );
  }

  /** Upserts the batch's states in one statement, each state's JSON as it was written. */
  private async saveStates(manager: EntityManager, rows: SeriesRow[]): Promise<void> {
    if (rows.length === 0) return;
    await manager.query(
      `INSERT INTO metric_series (tenant_id, resource_urn, metric, last_at, points, state, open_anomaly_id)
       SELECT * FROM unnest($1::varchar[], $2::varchar[], $3::varchar[], $4::timestamptz[],
                            $5::int[], $6::text[], $7::uuid[])
       ON CONFLICT ON CONSTRAINT pk_metric_series DO UPDATE SET last_at = EXCLUDED.last_at,
         points = EXCLUDED.points, state = EXCLUDED.state, open_anomaly_id = EXCLUDED.open_anomaly_id`,
      [
        rows.map((row) => row.tenant_id),
        rows.map((row) => row.resource_urn),
        rows.map((row) => row.metric),
        rows.map((row) => row.last_at.toISOString()),
        numberArray(rows.map((row) => row.points)),
        rows.map((row) => row.state),
        rows.map((row) => row.open_anomaly_id),
      ],
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

interface DayChunk {
  series: SampledSeries;
  /** Days since 1970-01-01 (UTC). */
  day: number;
  offsets: number[];
  values: number[];
}

/** Each series' samples (in time order) cut by UTC day: offsets in the day and values. */
function dayChunks(fresh: readonly SampledSeries[]): DayChunk[] {
  const chunks: DayChunk[] = [];
  for (const series of fresh) {
    let chunk: DayChunk | undefined;
    for (const { t, v } of series.samples) {
      const day = Math.floor(t / DAY_MS);
      if (chunk?.day !== day) {
        chunk = { series, day, offsets: [], values: [] };
        chunks.push(chunk);
      }
      chunk.offsets.push(t - day * DAY_MS);
      chunk.values.push(v);
    }
  }
  return chunks;
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
