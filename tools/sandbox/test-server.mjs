// Starts a sandbox server (tools/sandbox/<name>/server.mjs) on a free port for one
// test file, and makes this process trust the local CA its certificate comes from.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { getCACertificates, setDefaultCACertificates } from 'node:tls';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
export const TLS_DIR =
  process.env.AZURE_SANDBOX_TLS_DIR ?? join(here, '../../.local/tls/azure-sandbox');

let trusted = false;

/** The local CA, added to the CAs this process already trusts (NODE_EXTRA_CA_CERTS may name another bundle). */
export function trustSandboxCa() {
  if (trusted) return;
  const ca = join(TLS_DIR, 'ca.pem');
  if (!existsSync(ca) || !existsSync(join(TLS_DIR, 'server.pem'))) {
    throw new Error(`no sandbox CA in ${TLS_DIR}: run tools/sandbox/azure/tls.sh`);
  }
  const pem = readFileSync(ca, 'utf8').trim();
  const current = getCACertificates('default');
  if (!current.some((certificate) => certificate.trim() === pem)) {
    setDefaultCACertificates([...current, pem]);
  }
  trusted = true;
}

/**
 * Runs `tools/sandbox/<sandbox>/server.mjs --port 0 --tls-dir TLS_DIR ...args` and resolves
 * once it prints where it listens: `{ url, control(method, what, body), stop() }`.
 */
export async function startSandboxServer(sandbox, args = []) {
  trustSandboxCa();
  const child = spawn(
    process.execPath,
    [join(here, sandbox, 'server.mjs'), '--port', '0', '--tls-dir', TLS_DIR, ...args],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const url = await new Promise((resolve, reject) => {
    let printed = '';
    child.stdout.on('data', (chunk) => {
      printed += chunk;
      const listening = /listening on (https:\/\/\S+)/.exec(printed);
      if (listening) resolve(listening[1]);
    });
    child.on('exit', (code) => reject(new Error(`the ${sandbox} sandbox exited with ${code}`)));
  });
  return {
    url,
    async control(method, what, body) {
      const res = await fetch(`${url}/_sandbox/${what}`, {
        method,
        headers: { 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      if (!res.ok) {
        throw new Error(`${method} /_sandbox/${what}: ${res.status} ${await res.text()}`);
      }
      return res.status === 204 ? undefined : res.json();
    },
    stop: () => child.kill('SIGTERM'),
  };
}
