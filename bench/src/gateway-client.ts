import { BOOTSTRAP } from '@codex/testing';

/** JSON calls through the gateway; `token` is the bearer token they carry. */
export interface Api {
  <T>(method: string, path: string, body?: unknown): Promise<{ status: number; body: T }>;
  token: string;
}

/** Signs in at the gateway as the bootstrap admin (password grant). */
export async function signIn(gatewayUrl: string): Promise<Api> {
  const response = await fetch(`${gatewayUrl}/oauth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      grant_type: 'password',
      tenant: BOOTSTRAP.tenant,
      username: BOOTSTRAP.email,
      password: BOOTSTRAP.password,
    }),
  });
  if (!response.ok) throw new Error(`sign-in answered ${response.status}`);
  const { access_token: token } = (await response.json()) as { access_token: string };
  const api = async <T>(method: string, path: string, body?: unknown) => {
    const answer = await fetch(`${gatewayUrl}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await answer.text();
    return { status: answer.status, body: (text ? JSON.parse(text) : undefined) as T };
  };
  return Object.assign(api, { token });
}

/** The tenant the token carries (the built-in issuer's tenant_id claim). */
export function tenantOf(token: string): string {
  const [, payload = ''] = token.split('.');
  const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as {
    tenant_id?: string;
  };
  if (!claims.tenant_id) throw new Error('token carries no tenant_id');
  return claims.tenant_id;
}
