// Starts a private Auth0 sandbox on a free port for one test file. The server
// uses the Azure sandbox's certificate (its local CA: tools/sandbox/azure/tls.sh),
// which this process then trusts, in code (tls.setDefaultCACertificates, Node
// 22.15+), as well as the CAs it already trusts.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { getCACertificates, setDefaultCACertificates } from 'node:tls';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
export const TLS_DIR =
  process.env.AZURE_SANDBOX_TLS_DIR ?? join(here, '../../../.local/tls/azure-sandbox');

export const CLIENT_ID = 'codex-sandbox-m2m';
export const READONLY_CLIENT_ID = 'codex-sandbox-readonly';
export const CLIENT_SECRET = 'auth0-sandbox-secret';

let trusted = false;
function trustCa() {
  if (trusted) return;
  const ca = join(TLS_DIR, 'ca.pem');
  if (!existsSync(ca) || !existsSync(join(TLS_DIR, 'server.pem')))
    throw new Error(`no sandbox CA in ${TLS_DIR}: run tools/sandbox/azure/tls.sh`);
  // NODE_EXTRA_CA_CERTS may name another bundle, so add the CA in any case.
  const pem = readFileSync(ca, 'utf8').trim();
  const current = getCACertificates('default');
  if (!current.some((c) => c.trim() === pem)) setDefaultCACertificates([...current, pem]);
  trusted = true;
}

export async function startSandbox({ people } = {}) {
  trustCa();
  const child = spawn(
    process.execPath,
    [
      join(here, 'server.mjs'),
      '--port',
      '0',
      '--tls-dir',
      TLS_DIR,
      ...(people === undefined ? [] : ['--people', String(people)]),
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const url = await new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (chunk) => {
      out += chunk;
      const m = /listening on (https:\/\/\S+)/.exec(out);
      if (m) resolve(m[1]);
    });
    child.on('exit', (code) => reject(new Error(`sandbox exited with ${code}`)));
  });
  return {
    url,
    domain: new URL(url).host,
    async control(method, what, body) {
      const res = await fetch(`${url}/_sandbox/${what}`, {
        method,
        headers: { 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      if (!res.ok) throw new Error(`${method} /_sandbox/${what}: ${res.status}`);
      return res.status === 204 ? undefined : res.json();
    },
    stop: () => child.kill('SIGTERM'),
  };
}
