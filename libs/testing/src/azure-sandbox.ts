import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { getCACertificates, setDefaultCACertificates } from 'node:tls';

import { SANDBOX_TLS_DIR as TLS_DIR, startSandboxProcess } from './sandbox-process';

/** The seeded directory, principals and subscriptions (tools/sandbox/azure/README.md). */
export const AZURE_SANDBOX = {
  tenantId: '72f988bf-0000-4000-8000-00000000c0de',
  /** May read and act on both subscriptions. */
  clientId: '0a1b2c3d-0000-4000-8000-000000000001',
  /** May read and act on the first subscription only. */
  narrowClientId: '0a1b2c3d-0000-4000-8000-000000000002',
  clientSecret: 'sandbox-secret',
  /** Proves itself with the certificate in `.local/tls/azure-sandbox/client-cert.pem`; both subscriptions. */
  certificateClientId: '0a1b2c3d-0000-4000-8000-000000000003',
  subscriptions: ['11111111-0000-4000-8000-000000000001', '22222222-0000-4000-8000-000000000002'],
} as const;

export interface AzureSandboxSettings {
  transitionMs?: number;
  pageSize?: number;
  lroRetryAfterSeconds?: number;
  readsPerWindow?: number;
  writesPerWindow?: number;
}

export interface AzureSandbox {
  /** Entra ID, Resource Manager and Monitor on one HTTPS origin. */
  url: string;
  configure(settings: AzureSandboxSettings): Promise<void>;
  /** Until the window ends, at most this many reads and writes per subscription; then 429. */
  throttle(budget: { reads?: number; writes?: number; retryAfterSeconds?: number }): Promise<void>;
  /** Requests answered 429 since the budget was set. */
  refused(): Promise<number>;
  deleteVm(subscriptionId: string, resourceGroup: string, name: string): Promise<void>;
  stop(): Promise<void>;
}

let trusted = false;

/**
 * Makes this process's TLS clients (the Azure SDKs, fetch) trust the sandbox's local CA as
 * well as the CAs they already trust. The services get it through NODE_EXTRA_CA_CERTS
 * (serviceEnv); a test process, started before the sandbox, cannot.
 */
export function trustAzureSandboxCa(): void {
  if (trusted) return;
  const ca = join(TLS_DIR, 'ca.pem');
  if (!existsSync(ca)) {
    throw new Error(`no sandbox CA in ${TLS_DIR}: run make infra-up (tools/sandbox/azure/tls.sh)`);
  }
  setDefaultCACertificates([...getCACertificates('default'), readFileSync(ca, 'utf8')]);
  trusted = true;
}

/**
 * A private Azure sandbox on a free port, seeded with the default estate (or `vms` VMs).
 * Its certificate is signed by the local CA, which this process then trusts
 * (trustAzureSandboxCa) and the services trust through NODE_EXTRA_CA_CERTS (serviceEnv).
 */
export async function startAzureSandbox(options: { vms?: number } = {}): Promise<AzureSandbox> {
  trustAzureSandboxCa();
  const { url, control, stop } = await startSandboxProcess('azure', [
    '--vms',
    String(options.vms ?? 44),
  ]);
  return {
    url,
    configure: async (settings) => void (await control('POST', 'config', settings)),
    throttle: async (budget) => void (await control('POST', 'throttle', budget)),
    refused: async () => ((await control('GET', 'throttle')) as { refused: number }).refused,
    deleteVm: async (subscriptionId, resourceGroup, name) =>
      void (await control('DELETE', `vms/${subscriptionId}/${resourceGroup}/${name}`)),
    stop,
  };
}
