import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { cell, columnIndex, parseNabTimestamp, readCsv } from './nab-csv';
import type { ScoredSeries } from './nab-scoring';

/** The anomaly windows of every series, keyed `<category>/<name>.csv`, as UTC ms. */
export function readWindows(labelsFile: string): Map<string, [number, number][]> {
  const json = JSON.parse(readFileSync(labelsFile, 'utf8')) as Record<string, [string, string][]>;
  return new Map(
    Object.entries(json).map(([name, windows]) => [
      name,
      windows.map(([start, end]): [number, number] => [
        parseNabTimestamp(start),
        parseNabTimestamp(end),
      ]),
    ]),
  );
}

/** A detector's results (`timestamp,…,anomaly_score`) for every labelled series. */
export function readResults(
  resultsDir: string,
  windows: Map<string, [number, number][]>,
): ScoredSeries[] {
  return [...windows.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, seriesWindows]) => {
      const path = join(resultsDir, name);
      const { header, rows } = readCsv(path);
      const time = columnIndex(header, 'timestamp', path);
      const score = columnIndex(header, 'anomaly_score', path);
      return {
        name,
        timestamps: rows.map((row) => parseNabTimestamp(cell(row, time))),
        scores: rows.map((row) => Number(cell(row, score))),
        windows: seriesWindows,
      };
    });
}
