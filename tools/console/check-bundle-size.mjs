#!/usr/bin/env node
// Fails when the console's initial JavaScript is over budget: the entry chunk of index.html
// and every chunk it imports statically (from Vite's manifest), each gzipped. Lazy routes and
// the chart are dynamic imports and do not count. Run after `nx run console:build`.
//   node tools/console/check-bundle-size.mjs [dist-dir] [budget-kB]
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const dist = process.argv[2] ?? join(root, 'apps/console/dist');
const budgetKb = Number(process.argv[3] ?? 300);
const manifestPath = join(dist, '.vite/manifest.json');

if (!existsSync(manifestPath)) {
  console.error(`${manifestPath} is missing: build the console first (nx run console:build)`);
  process.exit(1);
}
const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
const entries = Object.entries(manifest).filter(([, chunk]) => chunk.isEntry);
if (entries.length === 0) {
  console.error('the manifest names no entry chunk');
  process.exit(1);
}

const initial = new Set();
const visit = (key) => {
  const chunk = manifest[key];
  if (!chunk || initial.has(chunk.file)) return;
  initial.add(chunk.file);
  for (const imported of chunk.imports ?? []) visit(imported);
};
for (const [key] of entries) visit(key);

// Whatever else index.html loads up front (module scripts, modulepreload) counts too.
const html = readFileSync(join(dist, 'index.html'), 'utf8');
for (const [, src] of html.matchAll(/<(?:script|link)[^>]+(?:src|href)="\/?([^"]+\.js)"/g))
  initial.add(src);

let total = 0;
const rows = [...initial].sort().map((file) => {
  const gzipped = gzipSync(readFileSync(join(dist, file)), { level: 9 }).length;
  total += gzipped;
  return `  ${(gzipped / 1000).toFixed(1).padStart(7)} kB  ${file}`;
});
console.log(`console initial JavaScript (gzipped):\n${rows.join('\n')}`);
console.log(`  ${(total / 1000).toFixed(1).padStart(7)} kB  total, budget ${budgetKb} kB`);
if (total > budgetKb * 1000) {
  console.error(`over budget by ${((total - budgetKb * 1000) / 1000).toFixed(1)} kB`);
  process.exit(1);
}
