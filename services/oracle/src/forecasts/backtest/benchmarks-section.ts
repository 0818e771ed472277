// The `## Forecast backtest (make oracle-backtest)` section of docs/benchmarks.md, and its
// replacement in the file's text (the other sections stay as they are).
import type { CorpusSummary } from './rolling-origin';

export const SECTION_TITLE = '## Forecast backtest (make oracle-backtest)';

const fixed = (v: number, digits: number) => (Number.isFinite(v) ? v.toFixed(digits) : 'n/a');
const percent = (v: number) => `${fixed(v * 100, 1)} %`;

export function renderSection(input: {
  ranAt: string;
  machine: string;
  seconds: number;
  corpora: readonly { summary: CorpusSummary; description: string }[];
}): string {
  const rows = input.corpora.map(
    ({ summary: s }) =>
      `| ${s.corpus} | ${s.series} | ${s.windows} | ${fixed(s.mase, 3)} | ${fixed(s.naiveMase, 3)} | ${fixed(s.maeRatio, 3)} | ${percent(s.coverage80)} | ${percent(s.coverage95)} |`,
  );
  return [
    SECTION_TITLE,
    '',
    `Last run: ${input.ranAt}`,
    '',
    `Machine: ${input.machine}. Command: \`make oracle-backtest\` (${fixed(input.seconds, 1)} s, one process, no services needed).`,
    '',
    ...input.corpora.map(({ summary, description }) => `- **${summary.corpus}**: ${description}`),
    '',
    '| corpus | series | windows | MASE | seasonal naive MASE | MAE ÷ seasonal naive MAE | 80 % coverage | 95 % coverage |',
    '| ------ | ------ | ------- | ---- | -------------------- | ------------------------ | ------------- | ------------- |',
    ...rows,
    '',
    'Targets: MASE below 1, coverage within 5 points of nominal (75–85 % and 90–100 %). MASE is',
    "Hyndman's: the forecaster's MAE on a window divided by the in-sample MAE of the seasonal naive",
    "forecast on that window's training part, averaged over the windows of a series, then over series",
    "(series whose training part is flat, scale 0, are left out of that mean); the seasonal naive's own",
    'MASE on the same windows shows how much harder the windows were than the training parts. The MAE',
    'ratio compares the forecaster with the seasonal naive forecast on the very same windows (below 1: better),',
    'averaged over series. Coverage is the share of all forecast points whose actual fell inside the',
    'interval.',
    '',
  ].join('\n');
}

/** `markdown` with the section replaced (or appended when missing). */
export function replaceSection(markdown: string, section: string): string {
  const start = markdown.indexOf(`${SECTION_TITLE}\n`);
  if (start < 0) return `${markdown.trimEnd()}\n\n${section}`;
  const next = markdown.indexOf('\n## ', start + SECTION_TITLE.length);
  const end = next < 0 ? markdown.length : next + 1;
  return `${markdown.slice(0, start)}${section}${next < 0 ? '' : '\n'}${markdown.slice(end)}`;
}
