// Writes services/<name>/.env.example from each service's config schema (built dist),
// or with --check fails when a committed file is stale.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..', '..');
const require = createRequire(import.meta.url);
const { renderEnvExample } = require(join(root, 'libs/config/dist/index.js'));
const check = process.argv.includes('--check');

let stale = 0;
for (const service of readdirSync(join(root, 'services')).sort()) {
  const { configSchema, SERVICE_NAME } = require(join(root, 'services', service, 'dist/config.js'));
  const file = join(root, 'services', service, '.env.example');
  const wanted = renderEnvExample(SERVICE_NAME, configSchema);
  let current = '';
  try {
    current = readFileSync(file, 'utf8');
  } catch {}
  if (current === wanted) continue;
  if (check) {
    console.error(`stale: services/${service}/.env.example (run: make env-examples)`);
    stale += 1;
  } else {
    writeFileSync(file, wanted);
    console.log(`wrote services/${service}/.env.example`);
  }
}
process.exitCode = stale ? 1 : 0;
