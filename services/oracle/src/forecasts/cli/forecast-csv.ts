// `node dist/forecasts/cli/forecast-csv.js <in.csv> <out.csv> [horizon]`: forecasts a
// `timestamp,value` CSV and writes `timestamp,forecast,lo80,hi80,lo95,hi95` for the horizon.
import { readFileSync, writeFileSync } from 'node:fs';

import { forecast } from '../model';
import { formatForecastCsv, parseSeriesCsv } from './csv-series';

const DEFAULT_HORIZON = 30;

export function forecastCsv(input: string, horizon: number): string {
  return formatForecastCsv(forecast(parseSeriesCsv(input), { horizon }));
}

export function main(args: readonly string[]): void {
  const [inPath, outPath, horizonArg] = args;
  if (!inPath || !outPath) throw new Error('usage: forecast-csv <in.csv> <out.csv> [horizon]');
  const horizon = horizonArg ? Number(horizonArg) : DEFAULT_HORIZON;
  if (!Number.isInteger(horizon) || horizon < 1)
    throw new Error(`horizon must be a positive integer, not '${horizonArg}'`);
  writeFileSync(outPath, forecastCsv(readFileSync(inPath, 'utf8'), horizon));
}

if (require.main === module) main(process.argv.slice(2));
