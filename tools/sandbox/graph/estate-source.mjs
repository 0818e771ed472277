// Where the Graph sandbox's directory comes from: the shared identity estate
// (tools/sandbox/identity/estate.mjs, identityEstate) when it is there, else the
// tiny development estate of the same shape (dev-estate.mjs).
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

import { devEstate } from './dev-estate.mjs';

const here = dirname(fileURLToPath(import.meta.url));
export const IDENTITY_ESTATE = join(here, '../identity/estate.mjs');

export async function loadEstate() {
  if (existsSync(IDENTITY_ESTATE)) {
    const mod = await import(pathToFileURL(IDENTITY_ESTATE).href);
    if (typeof mod.identityEstate === 'function') {
      return { estateFn: (options) => mod.identityEstate(options), source: 'identity' };
    }
  }
  return { estateFn: devEstate, source: 'dev' };
}
