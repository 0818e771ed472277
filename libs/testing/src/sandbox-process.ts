import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';

import { REPO_ROOT } from './local-infra';

/** Where the HTTPS sandboxes' local CA, certificate and token key are (tools/sandbox/azure/tls.sh). */
export const SANDBOX_TLS_DIR = join(REPO_ROOT, '.local', 'tls', 'azure-sandbox');

/** One sandbox server of tools/sandbox/ running as a child process. */
export interface SandboxProcess {
  url: string;
  /** Calls a control endpoint (`/_sandbox/<path>`), answering its JSON body, if any. */
  control: (method: string, path: string, body?: unknown) => Promise<unknown>;
  stop: () => Promise<void>;
}

/**
 * Starts `tools/sandbox/<name>/server.mjs` on a free port with the local CA's certificate and
 * resolves once it prints where it listens.
 */
export async function startSandboxProcess(name: string, args: string[]): Promise<SandboxProcess> {
  const child = spawn(
    process.execPath,
    [
      join(REPO_ROOT, 'tools', 'sandbox', name, 'server.mjs'),
      '--port',
      '0',
      '--tls-dir',
      SANDBOX_TLS_DIR,
      ...args,
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const url = await new Promise<string>((resolve, reject) => {
    let printed = '';
    child.stdout.on('data', (chunk: Buffer) => {
      printed += chunk.toString();
      const listening = /listening on (https:\/\/\S+)/.exec(printed);
      if (listening?.[1]) resolve(listening[1]);
    });
    child.once('exit', (code) => reject(new Error(`the ${name} sandbox exited with ${code}`)));
  });
  return {
    url,
    control: async (method, path, body) => {
      const response = await fetch(`${url}/_sandbox/${path}`, {
        method,
        headers: { 'content-type': 'application/json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      if (!response.ok) throw new Error(`${method} /_sandbox/${path} answered ${response.status}`);
      const text = await response.text();
      return text ? (JSON.parse(text) as unknown) : undefined;
    },
    stop: async () => {
      if (child.exitCode !== null) return;
      const exited = once(child, 'exit');
      child.kill('SIGTERM');
      await exited;
    },
  };
}
