import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

import { REPO_ROOT } from '@codex/testing';

const DOC = join(REPO_ROOT, 'docs', 'benchmarks.md');

/** Replaces the section of docs/benchmarks.md for this benchmark with the latest run. */
export async function appendResult(name: string, body: string): Promise<void> {
  let doc =
    '# Benchmarks\n\nEach section is rewritten by its `make` target; numbers are from the last run.\n';
  try {
    doc = await readFile(DOC, 'utf8');
  } catch {
    // first run writes the file
  }
  const heading = `## ${name}`;
  const section = `${heading}\n\nLast run: ${new Date().toISOString()}\n\n${body}\n`;
  // The whole heading line: `## bench-gateway` must not match `## bench-gateway and …`.
  const found = doc.indexOf(`\n${heading}\n`);
  const start = found === -1 ? -1 : found + 1;
  if (start === -1) {
    doc = `${doc.trimEnd()}\n\n${section}`;
  } else {
    const next = doc.indexOf('\n## ', start + heading.length);
    doc = `${doc.slice(0, start)}${section}${next === -1 ? '' : doc.slice(next)}`;
  }
  await writeFile(DOC, doc);
}
