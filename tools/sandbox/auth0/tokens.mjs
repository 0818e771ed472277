// The tenant's token endpoint (client credentials) and the bearer check of
// the Management API: RS256 JWTs signed with the sandbox's token key.
import { createPublicKey, createSign, createVerify, randomUUID } from 'node:crypto';

const ALL_SCOPES = [
  'read:users',
  'update:users',
  'create:users',
  'delete:users',
  'read:roles',
  'read:role_members',
  'create:role_members',
  'delete:role_members',
  'read:logs',
  'read:logs_users',
];

/** The machine-to-machine clients granted the Management API. */
export const CLIENTS = [
  {
    clientId: 'codex-sandbox-m2m',
    clientSecret: 'auth0-sandbox-secret',
    name: 'Codex identity governance',
    scopes: ALL_SCOPES,
  },
  {
    clientId: 'codex-sandbox-readonly',
    clientSecret: 'auth0-sandbox-secret',
    name: 'Codex read-only',
    scopes: ['read:users', 'read:roles', 'read:role_members', 'read:logs', 'read:logs_users'],
  },
];

const b64 = (x) => Buffer.from(typeof x === 'string' ? x : JSON.stringify(x)).toString('base64url');

export function createTokens({ privateKeyPem, baseUrl, lifetimeSeconds }) {
  const publicKey = createPublicKey(privateKeyPem);
  const kid = 'auth0-sandbox';
  const audiences = () => {
    const { port } = new URL(baseUrl());
    return [`https://127.0.0.1:${port}/api/v2/`, `https://localhost:${port}/api/v2/`];
  };

  const sign = (claims) => {
    const input = `${b64({ alg: 'RS256', typ: 'JWT', kid })}.${b64(claims)}`;
    const signature = createSign('RSA-SHA256').update(input).sign(privateKeyPem, 'base64url');
    return `${input}.${signature}`;
  };

  const denied = (status, error, description) => ({
    status,
    body: { error, error_description: description },
  });

  /** POST /oauth/token: form or JSON body, as a plain object. */
  const token = (params) => {
    const grant = params.grant_type;
    if (!grant) return denied(400, 'invalid_request', 'Missing required parameter: grant_type');
    if (grant !== 'client_credentials')
      return denied(
        403,
        'unauthorized_client',
        `Grant type '${grant}' not allowed for the client.`,
      );
    const client = CLIENTS.find((c) => c.clientId === params.client_id);
    if (!client || params.client_secret !== client.clientSecret)
      return denied(401, 'access_denied', 'Unauthorized');
    if (!params.audience)
      return denied(
        403,
        'access_denied',
        'No audience parameter was provided, and no default audience has been configured',
      );
    if (!audiences().includes(params.audience))
      return denied(403, 'access_denied', `Service not enabled within domain: ${params.audience}`);
    let scopes = client.scopes;
    if (params.scope) {
      const asked = String(params.scope).split(/\s+/).filter(Boolean);
      const refused = asked.filter((x) => !client.scopes.includes(x));
      if (refused.length)
        return denied(
          403,
          'access_denied',
          `Client has not been granted scopes: ${refused.join(', ')}`,
        );
      scopes = asked;
    }
    const now = Math.floor(Date.now() / 1000);
    const expiresIn = lifetimeSeconds();
    const scope = scopes.join(' ');
    const access = sign({
      iss: `${baseUrl()}/`,
      sub: `${client.clientId}@clients`,
      aud: params.audience,
      iat: now,
      exp: now + expiresIn,
      jti: randomUUID(),
      scope,
      gty: 'client-credentials',
      azp: client.clientId,
    });
    return {
      status: 200,
      body: { access_token: access, token_type: 'Bearer', expires_in: expiresIn, scope },
    };
  };

  /** The claims of a valid bearer token, or undefined. */
  const verify = (authorization) => {
    const m = /^Bearer\s+(\S+)$/i.exec(authorization ?? '');
    if (!m) return undefined;
    const parts = m[1].split('.');
    if (parts.length !== 3) return undefined;
    try {
      const ok = createVerify('RSA-SHA256')
        .update(`${parts[0]}.${parts[1]}`)
        .verify(publicKey, parts[2], 'base64url');
      if (!ok) return undefined;
      const claims = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8'));
      if (!audiences().includes(claims.aud)) return undefined;
      if (typeof claims.exp !== 'number' || claims.exp * 1000 <= Date.now()) return undefined;
      return {
        ...claims,
        scopes: String(claims.scope ?? '')
          .split(' ')
          .filter(Boolean),
      };
    } catch {
      return undefined;
    }
  };

  return { token, verify };
}
