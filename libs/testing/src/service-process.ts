import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';

import { eventually } from './eventually';
import { freePort } from './free-port';
import { localInfra, REPO_ROOT } from './local-infra';
import type { ScratchDatabase } from './scratch-database';

export interface ServiceExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  output: string;
}

export interface ServiceProcess {
  baseUrl: string;
  pid: number;
  output(): string;
  /** Sends the signal and resolves once the process has exited. */
  stop(signal?: NodeJS.Signals): Promise<ServiceExit>;
}

/** A fixed key for sealing hall-of-faces signing keys in tests; never used outside them. */
export const TEST_KEY_ENCRYPTION_KEY = Buffer.alloc(32, 7).toString('base64');

/** A fixed KEK for cloud credentials in tests (aetherium seals, engine-core opens); never used outside them. */
export const TEST_CREDENTIALS_KEK = Buffer.alloc(32, 9).toString('base64');

/**
 * The variables a service needs to run against the local infrastructure, overridable per test.
 * Given a scratch database, the service runs as its runtime role (row-level security applies)
 * and migrates as the owner; given a URL, it does both as that URL's role.
 */
export function serviceEnv(
  database: string | ScratchDatabase,
  overrides: Record<string, string> = {},
): Record<string, string> {
  const infra = localInfra();
  return {
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    ...(typeof database === 'string'
      ? { DATABASE_URL: database }
      : { DATABASE_URL: database.runtimeUrl, DATABASE_MIGRATION_URL: database.url }),
    REDIS_URL: infra.redisUrl,
    KAFKA_BROKERS: infra.kafkaBrokers,
    ISSUER_URL: 'http://127.0.0.1:8082',
    AUTH_ISSUER_URL: 'http://127.0.0.1:8082',
    SIGNING_KEY_ENCRYPTION_KEY: TEST_KEY_ENCRYPTION_KEY,
    CREDENTIALS_KEK: TEST_CREDENTIALS_KEK,
    AWS_ENDPOINT_URL: infra.motoUrl,
    AWS_ACCESS_KEY_ID: 'codex-test',
    AWS_SECRET_ACCESS_KEY: 'codex-test',
    AWS_REGION: 'us-east-1',
    AZURE_ENDPOINT_URL: infra.azureSandboxUrl,
    GCP_ENDPOINT_URL: infra.gcsSandboxUrl,
    AUTH0_ENDPOINT_URL: infra.auth0SandboxUrl,
    GRAPH_ENDPOINT_URL: infra.graphSandboxUrl,
    ENTRA_AUTHORITY_URL: infra.azureSandboxUrl,
    NODE_EXTRA_CA_CERTS: infra.azureSandboxCa,
    ...overrides,
  };
}

/** Runs the built service (`services/<name>/dist/main.js`) with exactly the given environment. */
export function runService(service: string, env: Record<string, string>, args: string[] = []) {
  const child = spawn(
    process.execPath,
    [join(REPO_ROOT, 'services', service, 'dist', 'main.js'), ...args],
    {
      env: { PATH: process.env.PATH ?? '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return { child, output: () => output, exit: waitForExit(child, () => output) };
}

/** Starts a service (on env.PORT, or a free port) and resolves once it answers /health/live. */
export async function startService(
  service: string,
  env: Record<string, string>,
): Promise<ServiceProcess> {
  const port = env.PORT ? Number(env.PORT) : await freePort();
  const { child, output, exit } = runService(service, { ...env, PORT: String(port) });
  const baseUrl = `http://127.0.0.1:${port}`;
  const exitedDuringStart = exit.then((result) => {
    throw new Error(
      `${service} exited during start-up (${result.code ?? result.signal}):\n${result.output}`,
    );
  });
  exitedDuringStart.catch(() => undefined);
  try {
    await Promise.race([
      // Generous: several services start at once on a small machine; the wait ends when it answers.
      eventually(
        async () => {
          const response = await fetch(`${baseUrl}/health/live`);
          if (!response.ok) throw new Error(`live answered ${response.status}`);
        },
        { timeoutMs: 60_000 },
      ),
      exitedDuringStart,
    ]);
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
  return {
    baseUrl,
    pid: child.pid ?? 0,
    output,
    stop: async (signal = 'SIGTERM') => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exit;
    },
  };
}

async function waitForExit(child: ChildProcess, output: () => string): Promise<ServiceExit> {
  const [code, signal] = (await once(child, 'exit')) as [number | null, NodeJS.Signals | null];
  return { code, signal, output: output() };
}
