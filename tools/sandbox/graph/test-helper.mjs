// Starts a private Graph sandbox (and, unless given one, a private Azure sandbox
// as its Entra ID) on free ports for one test file.
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { startSandbox as startAzureSandbox, TLS_DIR } from '../azure/test-helper.mjs';

const here = dirname(fileURLToPath(import.meta.url));
export { TLS_DIR };

export const GRAPH_SANDBOX = {
  tenantId: '72f988bf-0000-4000-8000-00000000c0de',
  clientId: '0a1b2c3d-0000-4000-8000-000000000001',
  clientSecret: 'sandbox-secret',
};

function spawnServer(args) {
  const child = spawn(process.execPath, [join(here, 'server.mjs'), ...args], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (chunk) => {
      out += chunk;
      const m = /listening on (https:\/\/\S+)/.exec(out);
      if (m) resolve(m[1]);
    });
    child.on('exit', (code) => reject(new Error(`graph sandbox exited with ${code}`)));
  });
  return { child, url };
}

/**
 * { url, authority, control(method, what, body), stop() }: the Graph sandbox at
 * `url`, its Entra ID (the Azure sandbox) at `authority`.
 */
export async function startGraphSandbox({ people, authority } = {}) {
  const azure = authority ? null : await startAzureSandbox({ vms: 0 });
  const entra = authority ?? azure.url;
  const args = ['--port', '0', '--tls-dir', TLS_DIR, '--authority', entra];
  if (people !== undefined) args.push('--people', String(people));
  const { child, url: pending } = spawnServer(args);
  let url;
  try {
    url = await pending;
  } catch (err) {
    azure?.stop();
    throw err;
  }
  return {
    url,
    authority: entra,
    async control(method, what, body) {
      const res = await fetch(`${url}/_sandbox/${what}`, {
        method,
        headers: { 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      if (!res.ok)
        throw new Error(`${method} /_sandbox/${what}: ${res.status} ${await res.text()}`);
      return res.status === 204 ? undefined : res.json();
    },
    stop() {
      child.kill('SIGTERM');
      azure?.stop();
    },
  };
}
