import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export const REPO_ROOT = join(__dirname, '..', '..', '..');

export interface LocalInfra {
  postgresPort: number;
  postgresAdminUrl: string;
  redisUrl: string;
  kafkaBrokers: string;
  motoUrl: string;
  /** The Azure sandbox (tools/sandbox/azure): Entra ID, Resource Manager and Monitor on one origin. */
  azureSandboxUrl: string;
  /** The CA that signed the Azure sandbox's certificate (and the other sandboxes'), for NODE_EXTRA_CA_CERTS. */
  azureSandboxCa: string;
  /** The Auth0 Management API sandbox (tools/sandbox/auth0): pass `127.0.0.1:<port>` as the domain. */
  auth0SandboxUrl: string;
  /** The Microsoft Graph sandbox (tools/sandbox/graph), its tokens from the Azure sandbox's Entra ID. */
  graphSandboxUrl: string;
  /** The GCS sandbox (tools/sandbox/gcs): fake-gcs-server behind a front that keeps IAM and bucket settings. */
  gcsSandboxUrl: string;
  /** Azurite's blob service; its accounts are the Azure sandbox's storage accounts. */
  azuriteUrl: string;
}

/** Addresses of the servers `make infra-up` runs, read from the one file that fixes the ports. */
export function localInfra(): LocalInfra {
  const ports = readPorts();
  const port = (name: string): number => {
    const value = Number(ports[name]);
    if (!Number.isInteger(value)) {
      throw new Error(`tools/infra/ports.env has no ${name}`);
    }
    return value;
  };
  return {
    postgresPort: port('POSTGRES_PORT'),
    postgresAdminUrl: `postgres://codex:codex@127.0.0.1:${port('POSTGRES_PORT')}/postgres`,
    redisUrl: `redis://127.0.0.1:${port('REDIS_PORT')}/0`,
    kafkaBrokers: `127.0.0.1:${port('KAFKA_PORT')}`,
    motoUrl: `http://127.0.0.1:${port('MOTO_PORT')}`,
    azureSandboxUrl: `https://127.0.0.1:${port('AZURE_SANDBOX_PORT')}`,
    azureSandboxCa: join(REPO_ROOT, '.local', 'tls', 'azure-sandbox', 'ca.pem'),
    auth0SandboxUrl: `https://127.0.0.1:${port('AUTH0_SANDBOX_PORT')}`,
    graphSandboxUrl: `https://127.0.0.1:${port('GRAPH_SANDBOX_PORT')}`,
    gcsSandboxUrl: `http://127.0.0.1:${port('GCS_SANDBOX_PORT')}`,
    azuriteUrl: `http://127.0.0.1:${port('AZURITE_BLOB_PORT')}`,
  };
}

function readPorts(): Record<string, string> {
  const text = readFileSync(join(REPO_ROOT, 'tools', 'infra', 'ports.env'), 'utf8');
  return Object.fromEntries(
    text
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => /^[A-Z0-9_]+=/.test(line))
      .map((line) => line.split('=', 2) as [string, string]),
  );
}
