// Starts a private fake-gcs-server and a GCS front in front of it, each on a free
// port, for one test file (so the tests do not depend on the running infra).
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
export const FAKE_GCS_BIN =
  process.env.FAKE_GCS_BIN ?? join(here, '../../../.local/tools/bin/fake-gcs-server');

/** A port nothing listens on right now (fake-gcs needs it up front for -public-host). */
export function freePort() {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

function exited(child, name) {
  return new Promise((_, reject) => {
    child.once('exit', (code, signal) =>
      reject(new Error(`${name} exited during start-up (${signal ?? code})`)),
    );
  });
}

/** Polls `url` until it answers 200: the positive signal that fake-gcs serves. */
async function answers(url, deadlineMs) {
  const deadline = Date.now() + deadlineMs;
  for (;;) {
    try {
      const res = await fetch(url);
      await res.arrayBuffer();
      if (res.status === 200) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`${url} did not answer 200 in ${deadlineMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

export async function startFakeGcs() {
  const port = await freePort();
  const child = spawn(
    FAKE_GCS_BIN,
    [
      '-scheme',
      'http',
      '-host',
      '127.0.0.1',
      '-port',
      String(port),
      '-backend',
      'memory',
      '-public-host',
      `127.0.0.1:${port}`,
      '-log-level',
      'error',
    ],
    { stdio: ['ignore', 'ignore', 'inherit'] },
  );
  const url = `http://127.0.0.1:${port}`;
  try {
    await Promise.race([answers(`${url}/storage/v1/b`, 30_000), exited(child, 'fake-gcs-server')]);
  } catch (error) {
    child.kill('SIGTERM');
    throw error;
  }
  return { url, port, stop: () => child.kill('SIGTERM') };
}

/** Runs server.mjs on a free port (--port 0) and resolves once it prints where it listens. */
export async function startFront(upstreamUrl) {
  const child = spawn(
    process.execPath,
    [join(here, 'server.mjs'), '--port', '0', '--upstream', upstreamUrl, '--project', 'p'],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const url = await Promise.race([
    new Promise((resolve) => {
      let printed = '';
      child.stdout.on('data', (chunk) => {
        printed += chunk;
        const listening = /listening on (http:\/\/\S+)/.exec(printed);
        if (listening) resolve(listening[1]);
      });
    }),
    exited(child, 'the GCS front'),
  ]);
  return { url, stop: () => child.kill('SIGTERM') };
}

/** fake-gcs-server and the front before it: { url (the front's), fakeGcsUrl, stop() }. */
export async function startGcsSandbox() {
  const fakeGcs = await startFakeGcs();
  let front;
  try {
    front = await startFront(fakeGcs.url);
  } catch (error) {
    fakeGcs.stop();
    throw error;
  }
  return {
    url: front.url,
    fakeGcsUrl: fakeGcs.url,
    stop() {
      front.stop();
      fakeGcs.stop();
    },
  };
}

export const fakeGcsInstalled = () => existsSync(FAKE_GCS_BIN);
