// Starts a private sandbox server on a free port for one test file.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
export const TLS_DIR =
  process.env.AZURE_SANDBOX_TLS_DIR ?? join(here, '../../../.local/tls/azure-sandbox');

export async function startSandbox({ vms = 44 } = {}) {
  if (!existsSync(join(TLS_DIR, 'ca.pem')) || !process.env.NODE_EXTRA_CA_CERTS) {
    throw new Error(
      `run tools/sandbox/azure/tls.sh and set NODE_EXTRA_CA_CERTS=${TLS_DIR}/ca.pem (make test-azure-sandbox does both)`,
    );
  }
  const child = spawn(
    process.execPath,
    [join(here, 'server.mjs'), '--port', '0', '--tls-dir', TLS_DIR, '--vms', String(vms)],
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
