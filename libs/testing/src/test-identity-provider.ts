import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import { exportJWK, generateKeyPair, type JWK, type KeyLike, SignJWT } from 'jose';

export interface TokenClaims {
  tenant: string;
  roles: string[];
  subject?: string;
  issuer?: string;
  audience?: string;
  /** Seconds from now; negative for an already expired token. */
  expiresIn?: number;
}

export interface TestIdentityProvider {
  /** The iss of its tokens, ending in a slash like Auth0's. */
  issuer: string;
  tenantClaim: string;
  rolesClaim: string;
  /** Environment that makes Codex trust it, Auth0-style namespaced claims included. */
  env: Record<string, string>;
  token(claims: TokenClaims): Promise<string>;
  close(): Promise<void>;
}

/**
 * An external IdP on loopback, shaped like Auth0: a JWKS endpoint and
 * namespaced tenant and role claims. Tests mint any token they need with it:
 * expired, for another audience, from another issuer.
 */
export async function startTestIdentityProvider(
  audience = 'codex-api',
): Promise<TestIdentityProvider> {
  const { privateKey, publicKey } = await generateKeyPair('RS256');
  const jwk: JWK = { ...(await exportJWK(publicKey)), kid: 'test-idp-1', alg: 'RS256', use: 'sig' };
  const server: Server = createServer((_request, response) => {
    response.setHeader('content-type', 'application/json');
    response.end(JSON.stringify({ keys: [jwk] }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const issuer = `${base}/`;
  const tenantClaim = 'https://codex.test/tenant';
  const rolesClaim = 'https://codex.test/roles';
  return {
    issuer,
    tenantClaim,
    rolesClaim,
    env: {
      AUTH_ISSUER_URL: issuer,
      AUTH_JWKS_URL: `${base}/.well-known/jwks.json`,
      AUTH_TENANT_CLAIM: tenantClaim,
      AUTH_ROLES_CLAIM: rolesClaim,
    },
    token: (claims) => sign(privateKey, claims, { issuer, audience, tenantClaim, rolesClaim }),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

function sign(
  key: KeyLike,
  claims: TokenClaims,
  defaults: { issuer: string; audience: string; tenantClaim: string; rolesClaim: string },
): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ [defaults.tenantClaim]: claims.tenant, [defaults.rolesClaim]: claims.roles })
    .setProtectedHeader({ alg: 'RS256', kid: 'test-idp-1' })
    .setSubject(claims.subject ?? `user@${claims.tenant}`)
    .setIssuer(claims.issuer ?? defaults.issuer)
    .setAudience(claims.audience ?? defaults.audience)
    .setIssuedAt(now)
    .setExpirationTime(now + (claims.expiresIn ?? 300))
    .sign(key);
}
