import { eventually } from '@codex/testing';

/** One JSON call through the gateway with a bearer token; the body parsed when there is one. */
export type GatewayApi = <T>(
  method: string,
  path: string,
  token: string,
  body?: unknown,
  headers?: Record<string, string>,
) => Promise<{ status: number; body: T }>;

/** An access token for a person of a tenant, by the password grant at the gateway. */
export async function passwordToken(
  gatewayUrl: string,
  person: { tenant: string; email: string; password: string },
): Promise<string> {
  const response = await fetch(`${gatewayUrl}/oauth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'password',
      tenant: person.tenant,
      username: person.email,
      password: person.password,
    }).toString(),
  });
  if (!response.ok) throw new Error(`password grant for ${person.email}: ${response.status}`);
  return ((await response.json()) as { access_token: string }).access_token;
}

export function gatewayApi(gatewayUrl: () => string): GatewayApi {
  return async <T>(
    method: string,
    path: string,
    token: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ) => {
    const response = await fetch(`${gatewayUrl()}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...headers,
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    return { status: response.status, body: (text ? JSON.parse(text) : undefined) as T };
  };
}

export interface DiscoveryRunView {
  id: string;
  status: string;
  counts: { discovered: number; deleted: number };
  error: { code: string; message: string } | null;
}

/**
 * Starts a discovery run of the account as `operator` and waits until it ends, read as
 * `viewer`. engine-core learns of an account from account.connected a moment after
 * aetherium, so a 404 is asked again.
 */
export async function discoverAccount(
  api: GatewayApi,
  tokens: { operator: string; viewer: string },
  accountId: string,
  timeoutMs = 60_000,
): Promise<DiscoveryRunView> {
  const started = await eventually(
    async () => {
      const response = await api<DiscoveryRunView>(
        'POST',
        '/api/v1/compute/discovery-runs',
        tokens.operator,
        { accountId },
      );
      if (response.status === 404) throw new Error('engine-core does not know the account yet');
      return response;
    },
    { timeoutMs: 30_000 },
  );
  expect(started.status).toBe(202);
  return eventually(
    async () => {
      const run = await api<DiscoveryRunView>(
        'GET',
        `/api/v1/compute/discovery-runs/${started.body.id}`,
        tokens.viewer,
      );
      if (run.body.status === 'queued' || run.body.status === 'running')
        throw new Error(run.body.status);
      return run.body;
    },
    { timeoutMs },
  );
}
