import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

import { rewriteSection, sectionNotes } from './benchmarks-section';
import { readResults, readWindows } from './nab-corpus';
import { nabReport } from './nab-report';
import { scoreCorpus } from './score-corpus';

export const NAB_SECTION = 'NAB score (make oracle-nab-score)';

function main(): void {
  const { values } = parseArgs({
    options: {
      results: { type: 'string' },
      labels: { type: 'string' },
      json: { type: 'string' },
      doc: { type: 'string' },
      command: { type: 'string', default: 'make oracle-nab-score' },
    },
  });
  if (!values.results || !values.labels) {
    console.error(
      'usage: node services/oracle/dist/nab/score-nab.js --results <dir> --labels <combined_windows.json> [--json <file>] [--doc <benchmarks.md>]',
    );
    process.exit(2);
  }
  const results = scoreCorpus(readResults(values.results, readWindows(values.labels)));
  for (const r of results) {
    console.log(
      `${r.profile.padEnd(20)} ${r.score.toFixed(2)}  (threshold ${r.threshold.toFixed(4)})`,
    );
  }
  if (values.json) writeFileSync(values.json, `${JSON.stringify(results, null, 2)}\n`);
  if (values.doc) {
    const notes = sectionNotes(values.doc, NAB_SECTION, 'How the detector works');
    rewriteSection(values.doc, NAB_SECTION, nabReport(results, values.command, notes));
  }
}

if (require.main === module) main();
