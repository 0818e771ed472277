import { randomUUID } from 'node:crypto';

import type { SeriesDetector } from '../anomalies/series-detector';

export interface ScoredPoint {
  t: number;
  v: number;
}

export interface SeriesState {
  detector: SeriesDetector;
  /** The last sample scored (ms); older or equal samples were seen before and are skipped. */
  lastAt: number;
  points: number;
  openAnomalyId: string | null;
}

export interface EpisodePoint extends ScoredPoint {
  score: number;
  expected: number;
}

/** A run of anomalous samples; `continues` when it extends the anomaly left open by an earlier batch. */
export interface MetricEpisode {
  id: string;
  continues: boolean;
  start: EpisodePoint;
  end: EpisodePoint;
  peak: EpisodePoint;
}

/**
 * Feeds new samples to the series' detector in time order, each scored with only the past,
 * and cuts the anomalous ones into episodes. Mutates `state`.
 */
export function scoreSeries(
  state: SeriesState,
  samples: readonly ScoredPoint[],
  threshold: number,
): { scored: number; episodes: MetricEpisode[] } {
  const episodes: MetricEpisode[] = [];
  let open: MetricEpisode | undefined;
  let scored = 0;
  for (const sample of samples) {
    if (sample.t <= state.lastAt || !Number.isFinite(sample.v)) continue;
    const { score, expected } = state.detector.score(sample.t, sample.v);
    state.lastAt = sample.t;
    state.points += 1;
    scored += 1;
    const point: EpisodePoint = { ...sample, score, expected };
    if (score >= threshold) {
      if (!open) {
        const continues = state.openAnomalyId !== null;
        open = {
          id: state.openAnomalyId ?? randomUUID(),
          continues,
          start: point,
          end: point,
          peak: point,
        };
        episodes.push(open);
        state.openAnomalyId = open.id;
      } else {
        open.end = point;
        if (point.score > open.peak.score) open.peak = point;
      }
    } else {
      open = undefined;
      state.openAnomalyId = null;
    }
  }
  return { scored, episodes };
}
