// node --test tools/sandbox/storage/corpus.test.mjs
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';

import { CATEGORIES, generateCorpus } from './corpus.mjs';

test('the same seed gives the same corpus, another seed another', () => {
  const a = generateCorpus({ seed: 3, files: 50 });
  const b = generateCorpus({ seed: 3, files: 50 });
  const c = generateCorpus({ seed: 4, files: 50 });
  assert.deepEqual(a, b);
  assert.notDeepEqual(a, c);
});

test('every category is planted, in every kind of file', () => {
  const corpus = generateCorpus({ seed: 7, files: 1200 });
  assert.equal(corpus.length, 1200);
  for (const category of CATEGORIES) {
    assert.ok(corpus.reduce((sum, file) => sum + file.labels[category], 0) > 500, category);
  }
  for (const ending of ['.txt', '.csv', '.json', '.log', '.gz']) {
    assert.ok(
      corpus.some((file) => file.path.endsWith(ending)),
      ending,
    );
  }
  for (const file of corpus.filter((f) => f.path.endsWith('.json.gz'))) {
    JSON.parse(gunzipSync(file.bytes).toString('utf8'));
  }
});

test('the command line writes the files, labels.json and planted.json', () => {
  const out = mkdtempSync(join(tmpdir(), 'corpus-'));
  try {
    const script = fileURLToPath(new URL('./corpus.mjs', import.meta.url));
    execFileSync(process.execPath, [script, '--out', out, '--files', '30', '--seed', '9']);
    const labels = JSON.parse(readFileSync(join(out, 'labels.json'), 'utf8'));
    assert.equal(Object.keys(labels).length, 30);
    const written = readdirSync(out, { recursive: true }).filter((p) => /\.\w+$/.test(p));
    assert.equal(written.length, 32);
    const planted = JSON.parse(readFileSync(join(out, 'planted.json'), 'utf8'));
    for (const [path, values] of Object.entries(planted)) {
      const total = Object.values(labels[path]).reduce((sum, count) => sum + count, 0);
      assert.equal(values.length, total, path);
    }
    assert.deepEqual(Object.keys(labels[Object.keys(labels)[0]]), CATEGORIES);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});
