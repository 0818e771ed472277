#!/usr/bin/env node
// Fetches the gateway's merged OpenAPI document from a running platform and writes the
// console's snapshot (apps/console/src/api/openapi.json) and types (schema.d.ts).
//   node tools/console/generate-api-client.mjs [gateway-url]   (default http://127.0.0.1:8080)
//   node tools/console/generate-api-client.mjs --from-snapshot  (only schema.d.ts, from the snapshot)
import { writeFile } from 'node:fs/promises';

import {
  readSnapshot,
  SCHEMA_PATH,
  schemaText,
  SNAPSHOT_PATH,
  snapshotText,
} from './openapi-snapshot.mjs';

if (process.argv[2] === '--from-snapshot') {
  await writeFile(SCHEMA_PATH, await schemaText(await readSnapshot()));
  console.log(`wrote ${SCHEMA_PATH} from ${SNAPSHOT_PATH}`);
  process.exit(0);
}

const gateway = (
  process.argv[2] ??
  process.env.CODEX_GATEWAY_URL ??
  'http://127.0.0.1:8080'
).replace(/\/$/, '');
const url = `${gateway}/api/v1/openapi.json`;

let response;
try {
  response = await fetch(url, { headers: { accept: 'application/json' } });
} catch (error) {
  console.error(
    `Cannot reach ${url} (${error.cause?.code ?? error.message}); start the platform with make up.`,
  );
  process.exit(1);
}
if (!response.ok) {
  console.error(`${url} answered ${response.status}`);
  process.exit(1);
}
const document = await response.json();
await writeFile(SNAPSHOT_PATH, await snapshotText(document));
await writeFile(SCHEMA_PATH, await schemaText(JSON.parse(await snapshotText(document))));
console.log(`wrote ${SNAPSHOT_PATH} and ${SCHEMA_PATH} from ${url}`);
