import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

import type { Category } from '../categories';

const REPO = resolve(__dirname, '../../../../..');
export const CORPUS_SCRIPT = join(REPO, 'tools/sandbox/storage/corpus.mjs');

export interface CorpusFile {
  readonly path: string;
  readonly bytes: Buffer;
  readonly labels: Readonly<Record<Category, number>>;
}

/**
 * The generated corpus, through the generator's command line: Jest's CommonJS loader
 * cannot import the ES module itself.
 */
export function readGeneratedCorpus(options: { seed: number; files: number }): CorpusFile[] {
  const out = mkdtempSync(join(tmpdir(), 'classification-corpus-'));
  try {
    execFileSync(process.execPath, [
      CORPUS_SCRIPT,
      '--out',
      out,
      '--files',
      String(options.files),
      '--seed',
      String(options.seed),
    ]);
    const labels = JSON.parse(readFileSync(join(out, 'labels.json'), 'utf8')) as Record<
      string,
      Record<Category, number>
    >;
    return Object.entries(labels).map(([path, fileLabels]) => ({
      path,
      bytes: readFileSync(join(out, path)),
      labels: fileLabels,
    }));
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}
