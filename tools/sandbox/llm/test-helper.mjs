// Starts a private LLM sandbox on a free port for one test file.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
export const API_KEY = 'sandbox-key';

/** `{ baseURL, url, control(method, what, body), stop() }`; baseURL is what the openai client takes. */
export async function startSandbox(args = []) {
  const child = spawn(process.execPath, [join(here, 'server.mjs'), '--port', '0', ...args], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const baseURL = await new Promise((resolve, reject) => {
    let printed = '';
    child.stdout.on('data', (chunk) => {
      printed += chunk;
      const listening = /listening on (http:\/\/\S+)/.exec(printed);
      if (listening) resolve(listening[1]);
    });
    child.once('exit', (code) => reject(new Error(`the llm sandbox exited with ${code}`)));
  });
  const url = baseURL.replace(/\/v1$/, '');
  return {
    baseURL,
    url,
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
    async stop() {
      if (child.exitCode !== null) return;
      const exited = once(child, 'exit');
      child.kill('SIGTERM');
      await exited;
    },
  };
}
