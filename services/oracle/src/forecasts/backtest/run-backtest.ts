// `make oracle-backtest`: the rolling-origin backtest of the forecaster on the sandbox cost
// series and on the NAB corpus; prints the figures and rewrites its section of
// docs/benchmarks.md (not with `--print-only`). Run from the repository root.
import { readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join, resolve } from 'node:path';

import { renderSection, replaceSection } from './benchmarks-section';
import { nabSeries } from './nab-series';
import type { BacktestSeries, CorpusSummary } from './rolling-origin';
import { backtestSeries, summarise } from './rolling-origin';
import { sandboxCostSeries } from './sandbox-cost-series';

function run(corpus: string, series: readonly BacktestSeries[]): CorpusSummary {
  const results = series.map((s) => {
    const result = backtestSeries(s);
    console.log(
      `${corpus} ${s.name}: MASE ${result.mase.toFixed(3)}, MAE ratio ${(result.mae / result.naiveMae).toFixed(3)}, ` +
        `80 % ${((100 * result.inside80) / result.points).toFixed(0)}, 95 % ${((100 * result.inside95) / result.points).toFixed(0)}`,
    );
    return result;
  });
  const windows = series.reduce((n, s) => n + s.origins.length, 0);
  return summarise(corpus, results, windows);
}

async function main(): Promise<void> {
  const root = process.cwd();
  const began = performance.now();
  const sandbox = await sandboxCostSeries(root);
  const nab = nabSeries(resolve(root, '../shared/nab/data'));
  const corpora = [
    {
      summary: run('sandbox cost', sandbox),
      description: `${sandbox.length} daily billed-cost series of the sandbox bills (\`tools/sandbox/cost/generate.mjs\`, 90 days to 2026-11-29, planted anomalies included): per provider, per account/project/subscription and per service. Horizon 30 days, origins at days 32, 39, 46, 53 and 60, seasonal naive of 7 days.`,
    },
    {
      summary: run('NAB', nab),
      description: `all ${nab.length} series of \`../shared/nab/data\` (artificial, realAdExchange, realKnownCause, realTraffic, realTweets). Horizon one day of points (288 at 5 minutes, 24 hourly), 8 origins spread evenly over the second half, seasonal naive of one day.`,
    },
  ];
  const seconds = (performance.now() - began) / 1000;
  for (const { summary: s } of corpora)
    console.log(
      `${s.corpus}: ${s.series} series, ${s.windows} windows, MASE ${s.mase.toFixed(3)}, MAE ratio ${s.maeRatio.toFixed(3)}, ` +
        `coverage 80 % ${(s.coverage80 * 100).toFixed(1)}, 95 % ${(s.coverage95 * 100).toFixed(1)}`,
    );
  const machine = `${cpus().length} cores (${cpus()[0]?.model.trim() ?? 'unknown'}), ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
  const section = renderSection({ ranAt: new Date().toISOString(), machine, seconds, corpora });
  if (process.argv.includes('--print-only')) return;
  const docs = join(root, 'docs/benchmarks.md');
  writeFileSync(docs, replaceSection(readFileSync(docs, 'utf8'), section));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
