#!/usr/bin/env node
// Fails when apps/console/src/api/schema.d.ts is not what openapi-typescript generates from
// the committed snapshot (apps/console/src/api/openapi.json), or the snapshot is not normalised.
import { readFile } from 'node:fs/promises';
import { relative } from 'node:path';

import {
  readSnapshot,
  SCHEMA_PATH,
  schemaText,
  SNAPSHOT_PATH,
  snapshotText,
} from './openapi-snapshot.mjs';

const snapshot = await readSnapshot();
const checks = [
  [SNAPSHOT_PATH, await snapshotText(snapshot)],
  [SCHEMA_PATH, await schemaText(snapshot)],
];
let stale = 0;
for (const [path, expected] of checks) {
  const actual = await readFile(path, 'utf8');
  if (actual !== expected) {
    const a = actual.split('\n');
    const e = expected.split('\n');
    const line = a.findIndex((text, i) => text !== e[i]);
    console.error(
      `${relative(process.cwd(), path)} is stale (first difference at line ${line + 1}); run make console-api`,
    );
    stale += 1;
  }
}
if (stale) process.exit(1);
console.log('console API client is fresh against its OpenAPI snapshot');
