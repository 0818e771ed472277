import type { CostMatrix, NabProfile, RowWorth, ScoredSeries } from './nab-scoring';
import { NAB_PROFILES, normalise, rowWorths, seriesScore, sweepThreshold } from './nab-scoring';

export interface SeriesResult {
  name: string;
  raw: number;
  windows: number;
  detected: number;
  falsePositives: number;
}

export interface ProfileResult {
  profile: NabProfile;
  threshold: number;
  raw: number;
  /** 100 × (raw − null) / (perfect − null). */
  score: number;
  series: SeriesResult[];
  /** Per category, normalised against that category's windows (null when it has none). */
  categories: { category: string; score: number | null; raw: number; windows: number }[];
}

function category(name: string): string {
  return name.slice(0, name.indexOf('/'));
}

function scoreProfile(
  profile: NabProfile,
  cost: CostMatrix,
  worths: RowWorth[][],
  corpus: readonly ScoredSeries[],
): ProfileResult {
  const { threshold, raw } = sweepThreshold(worths, cost);
  const series = corpus.map((s, i) => ({
    name: s.name,
    ...seriesScore(worths[i] ?? [], threshold, cost),
  }));
  const windows = corpus.reduce((sum, s) => sum + s.windows.length, 0);
  const byCategory = new Map<string, { raw: number; windows: number }>();
  for (const s of series) {
    const entry = byCategory.get(category(s.name)) ?? { raw: 0, windows: 0 };
    entry.raw += s.raw;
    entry.windows += s.windows;
    byCategory.set(category(s.name), entry);
  }
  return {
    profile,
    threshold,
    raw,
    score: normalise(raw, windows, cost),
    series,
    categories: [...byCategory.entries()].map(([name, entry]) => ({
      category: name,
      raw: entry.raw,
      windows: entry.windows,
      score: entry.windows > 0 ? normalise(entry.raw, entry.windows, cost) : null,
    })),
  };
}

/** NAB's score of one detector's results on a corpus, for each profile (one threshold each). */
export function scoreCorpus(corpus: readonly ScoredSeries[]): ProfileResult[] {
  const worths = corpus.map(rowWorths);
  return (Object.keys(NAB_PROFILES) as NabProfile[]).map((profile) =>
    scoreProfile(profile, NAB_PROFILES[profile], worths, corpus),
  );
}
