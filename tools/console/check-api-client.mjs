#!/usr/bin/env node
// Fails when apps/console/src/api/schema.d.ts is not what openapi-typescript generates from
// the committed snapshot (apps/console/src/api/openapi.json), or the snapshot is not normalised.
//   --against <gateway-url>: also fails when the snapshot is not the gateway's live document
//   (the e2e tests run this against the platform they start).
import { readFile } from 'node:fs/promises';
import { relative } from 'node:path';

import {
  readSnapshot,
  SCHEMA_PATH,
  schemaText,
  SNAPSHOT_PATH,
  snapshotText,
} from './openapi-snapshot.mjs';

const against = process.argv.indexOf('--against');
const snapshot =
  against > 0 ? await fetchLive(process.argv[against + 1] ?? '') : await readSnapshot();
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
      `${relative(process.cwd(), path)} is stale (first difference at line ${line + 1}: ${JSON.stringify(e[line] ?? '')}); run make console-api`,
    );
    stale += 1;
  }
}
if (stale) process.exit(1);
console.log('console API client is fresh against its OpenAPI snapshot');

async function fetchLive(gateway) {
  const response = await fetch(`${gateway.replace(/\/$/, '')}/api/v1/openapi.json`);
  if (!response.ok)
    throw new Error(`${gateway} answered ${response.status} for its OpenAPI document`);
  const document = await response.json();
  if (document['x-codex-missing']) {
    throw new Error(
      `the document lacks ${document['x-codex-missing'].join(', ')}: not every service answered`,
    );
  }
  return document;
}
