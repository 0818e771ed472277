// The NAB corpus (../shared/nab/data/<group>/<name>.csv): a day of points ahead, eight origins
// spread over the second half, the seasonal naive of one day.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { parseSeriesCsv } from '../cli/csv-series';
import { DAY_MS, toGrid } from '../model/series-grid';
import type { BacktestSeries } from './rolling-origin';

const ORIGINS = 8;

export function nabSeries(dataDir: string): BacktestSeries[] {
  const files = readdirSync(dataDir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.csv'))
    .sort();
  return files.map((file) => {
    const grid = toGrid(parseSeriesCsv(readFileSync(join(dataDir, file), 'utf8')));
    const day = Math.max(1, Math.round(DAY_MS / grid.interval));
    const n = grid.values.length;
    const first = Math.floor(n / 2);
    const last = n - day;
    const step = Math.max(1, Math.floor((last - first) / (ORIGINS - 1)));
    const origins = Array.from({ length: ORIGINS }, (_, k) => first + k * step).filter(
      (o) => o <= last,
    );
    return { name: file.replace(/\.csv$/, ''), grid, period: day, horizon: day, origins };
  });
}
