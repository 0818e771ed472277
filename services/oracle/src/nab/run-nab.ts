import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

import { listSeries } from './nab-csv';
import { scoreNabFile } from './run-series';

/** Scores every `<category>/<name>.csv` under `dataDir` into the same path under `outDir`. */
export function runNab(dataDir: string, outDir: string): string[] {
  const series = listSeries(dataDir);
  for (const name of series) {
    const target = join(outDir, name);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, scoreNabFile(join(dataDir, name)));
  }
  return series;
}

if (require.main === module) {
  const [dataDir, outDir] = process.argv.slice(2);
  if (!dataDir || !outDir) {
    console.error('usage: node services/oracle/dist/nab/run-nab.js <DATA dir> <OUT dir>');
    process.exit(2);
  }
  const started = performance.now();
  const series = runNab(dataDir, outDir);
  const seconds = (performance.now() - started) / 1000;
  console.log(`${series.length} series scored into ${outDir} in ${seconds.toFixed(1)} s`);
}
