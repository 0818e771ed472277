import { join } from 'node:path';

import { readWindows } from './nab-corpus';
import { cell, listSeries, parseNabTimestamp, readCsv } from './nab-csv';
import type { ScoredSeries } from './nab-scoring';
import { NAB_PROFILES, probationaryRows, rowWorths, seriesScore } from './nab-scoring';
import { scoreCorpus } from './score-corpus';

const NAB = join(__dirname, '..', '..', '..', '..', '..', 'shared', 'nab');
const standard = NAB_PROFILES.standard;

/** 100 rows a minute apart (15 probationary), one window on rows 40–49, detections where asked. */
function series(detections: number[]): ScoredSeries {
  const timestamps = Array.from({ length: 100 }, (_, row) => row * 60_000);
  return {
    name: 'hand/made.csv',
    timestamps,
    scores: timestamps.map((_, row) => (detections.includes(row) ? 1 : 0)),
    windows: [[40 * 60_000, 49 * 60_000]],
  };
}

function rawScore(detections: number[]): number {
  return seriesScore(rowWorths(series(detections)), 0.5, standard).raw;
}

function corpus(scoreOf: (row: number, windowRows: [number, number][]) => number): ScoredSeries[] {
  const windows = readWindows(join(NAB, 'labels', 'combined_windows.json'));
  return listSeries(join(NAB, 'data')).map((name) => {
    const { rows } = readCsv(join(NAB, 'data', name));
    const timestamps = rows.map((row) => parseNabTimestamp(cell(row, 0)));
    const seriesWindows = windows.get(name) ?? [];
    const windowRows = seriesWindows.map(([start, end]): [number, number] => [
      timestamps.indexOf(start),
      timestamps.indexOf(end),
    ]);
    return {
      name,
      timestamps,
      scores: timestamps.map((_, row) => scoreOf(row, windowRows)),
      windows: seriesWindows,
    };
  });
}

describe('NAB scoring', () => {
  it('gives the perfect detector 100 and the null detector 0 on the shared corpus, standard profile', () => {
    const perfect = corpus((row, windows) => (windows.some(([first]) => first === row) ? 1 : 0));
    const none = corpus(() => 0);

    const perfectScore = scoreCorpus(perfect).find((r) => r.profile === 'standard')!;
    const nullScore = scoreCorpus(none).find((r) => r.profile === 'standard')!;

    expect(perfectScore.score).toBeCloseTo(100, 9);
    expect(nullScore.score).toBeCloseTo(0, 9);
    expect(perfectScore.series.reduce((sum, s) => sum + s.windows, 0)).toBe(86);
  });

  it('counts the first 15 % of the rows (at most 750) as probationary', () => {
    expect(probationaryRows(100)).toBe(15);
    expect(probationaryRows(22_695)).toBe(750);
  });

  it('pays a detection at the first row of a window the full true-positive weight', () => {
    // position −10/10 = −1: σ(−1) / σ(−1) = 1
    expect(rawScore([40])).toBeCloseTo(1, 9);
  });

  it('pays a late detection less: at the window’s last row a quarter of the weight', () => {
    // position −1/10: σ(−0.1) = 2 / (1 + e^−0.5) − 1 = 0.244919; σ(−1) = 0.986614
    expect(rawScore([49])).toBeCloseTo(0.244919 / 0.986614, 5);
  });

  it('counts only the earliest detection in a window', () => {
    expect(rawScore([45, 41, 49])).toBeCloseTo(rawScore([41]), 12);
  });

  it('charges a false positive just after a window less than one far from it', () => {
    // a missed-window-free series: the window is caught at its first row in both
    // just after: q = 1/9, σ(1/9) = 2 / (1 + e^(5/9)) − 1 = −0.270860; × 0.11
    expect(rawScore([40, 50])).toBeCloseTo(1 - 0.11 * 0.27086, 5);
    // far: q = 41/9 ≥ 3, σ = −1; × 0.11
    expect(rawScore([40, 90])).toBeCloseTo(1 - 0.11, 9);
  });

  it('charges a false positive before any window the full weight and a missed window −1', () => {
    expect(rawScore([20])).toBeCloseTo(-1 - 0.11, 9);
  });

  it('ignores detections in the probationary rows', () => {
    expect(rawScore([5, 14])).toBeCloseTo(-1, 9);
    expect(rawScore([15])).toBeCloseTo(-1.11, 9);
  });
});
