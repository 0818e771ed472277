import { AZURE_SANDBOX, startAzureSandbox, trustAzureSandboxCa } from './azure-sandbox';
import { startSandboxProcess } from './sandbox-process';

/** The Auth0 sandbox's machine-to-machine applications (tools/sandbox/auth0/README.md). */
export const AUTH0_SANDBOX = {
  clientId: 'codex-sandbox-m2m',
  /** May read but not change anything. */
  readonlyClientId: 'codex-sandbox-readonly',
  clientSecret: 'auth0-sandbox-secret',
} as const;

/** Entra ID's side of the Graph sandbox: the Azure sandbox's directory and principal. */
export const GRAPH_SANDBOX = {
  tenantId: AZURE_SANDBOX.tenantId,
  clientId: AZURE_SANDBOX.clientId,
  clientSecret: AZURE_SANDBOX.clientSecret,
} as const;

export interface EstateOptions {
  people?: number;
  seed?: number;
  /** ISO time or epoch ms; the estate's sign-ins end there. */
  now?: string | number;
  signInDays?: number;
}

/** One running identity sandbox and its control endpoints (`/_sandbox/…`). */
export interface IdentitySandbox {
  url: string;
  /** Requests answered per `METHOD /path/template` since the last clearRequests. */
  requests(): Promise<Record<string, number>>;
  clearRequests(): Promise<void>;
  reset(): Promise<void>;
  seed(options: EstateOptions): Promise<void>;
  /** Auth0: `{ requests, resetSeconds }`; Graph: `{ requests, retryAfterSeconds }`. */
  throttle(budget: Record<string, number>): Promise<void>;
  /** Requests answered 429 since the throttle was set. */
  refused(): Promise<number>;
  control(method: string, path: string, body?: unknown): Promise<unknown>;
  stop(): Promise<void>;
}

export interface IdentitySandboxes {
  auth0: IdentitySandbox & {
    /** What the SDK takes as `domain`: host and port, no scheme. */
    domain: string;
  };
  graph: IdentitySandbox & {
    /** The Entra ID authority that issues Graph tokens (the Azure sandbox). */
    authority: string;
  };
  stop(): Promise<void>;
}

/**
 * Private Auth0 and Microsoft Graph sandboxes on free ports, with an Azure sandbox as the
 * Graph sandbox's Entra ID, all seeded with the same identity estate
 * (tools/sandbox/identity). This process trusts their local CA.
 */
export async function startIdentitySandboxes(
  options: { people?: number; seed?: number } = {},
): Promise<IdentitySandboxes> {
  trustAzureSandboxCa();
  const estate = [
    ...(options.people === undefined ? [] : ['--people', String(options.people)]),
    ...(options.seed === undefined ? [] : ['--seed', String(options.seed)]),
  ];
  const entra = await startAzureSandbox();
  const auth0 = await startSandbox('auth0', estate);
  const graph = await startSandbox('graph', ['--authority', entra.url, ...estate]);
  return {
    auth0: { ...auth0, domain: new URL(auth0.url).host },
    graph: { ...graph, authority: entra.url },
    stop: async () => {
      await Promise.all([auth0.stop(), graph.stop(), entra.stop()]);
    },
  };
}

async function startSandbox(name: 'auth0' | 'graph', args: string[]): Promise<IdentitySandbox> {
  const { url, control, stop } = await startSandboxProcess(name, args);
  return {
    url,
    control,
    requests: async () => {
      const answer = (await control('GET', 'requests')) as Record<string, unknown>;
      // Graph answers { total, counts }, Auth0 the counts themselves.
      return (answer['counts'] ?? answer) as Record<string, number>;
    },
    clearRequests: async () => void (await control('DELETE', 'requests')),
    reset: async () => void (await control('POST', 'reset')),
    seed: async (estate) => void (await control('POST', 'seed', estate)),
    throttle: async (budget) => void (await control('POST', 'throttle', budget)),
    refused: async () => ((await control('GET', 'throttle')) as { refused: number }).refused,
    stop,
  };
}

/** hall-of-faces' environment for reaching these sandboxes, with scheduled syncs out of the way. */
export function identitySandboxEnv(sandboxes: IdentitySandboxes): Record<string, string> {
  return {
    AUTH0_ENDPOINT_URL: sandboxes.auth0.url,
    GRAPH_ENDPOINT_URL: sandboxes.graph.url,
    ENTRA_AUTHORITY_URL: sandboxes.graph.authority,
    IDENTITY_SYNC_INTERVAL_SECONDS: '86400',
  };
}
