import {
  DEFAULT_DETECTOR_CONFIG,
  type DetectorState,
  StreamingDetector,
} from './detector/detector';

/** The streaming detector of one series, as the oracle's streams use it. */
export interface SeriesDetector {
  /** Scores a point with only the points before it, then learns it. */
  score(t: number, v: number): { score: number; expected: number };
  /** Plain JSON, persisted per series. */
  snapshot(): SeriesDetectorState;
  /** The snapshot as JSON text, without copying the state first. */
  serialize(): string;
}

/** The detector's own state, and a recent mean to say what was expected instead. */
export interface SeriesDetectorState {
  detector: DetectorState;
  mean: number | null;
}

const MEAN_ALPHA = 0.1;

/**
 * A series' detector as it was left (or a new one): the NAB-measured detector, one
 * configuration for all. It takes a snapshot over, or reads one from its JSON text.
 */
export function restoreDetector(state?: unknown): SeriesDetector {
  const parsed: unknown = typeof state === 'string' ? JSON.parse(state) : state;
  const saved = isSeriesState(parsed) ? parsed : undefined;
  const detector = new StreamingDetector(DEFAULT_DETECTOR_CONFIG, saved?.detector);
  let mean = saved?.mean ?? null;
  return {
    score(t, v) {
      const expected = mean ?? v;
      const score = detector.score(t, v);
      mean = mean === null ? v : mean + MEAN_ALPHA * (v - mean);
      return { score, expected };
    },
    snapshot: () => ({ detector: detector.snapshot(), mean }),
    serialize: () => `{"detector":${detector.serialize()},"mean":${JSON.stringify(mean)}}`,
  };
}

function isSeriesState(state: unknown): state is SeriesDetectorState {
  return typeof state === 'object' && state !== null && 'detector' in state;
}
