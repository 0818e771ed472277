// Bearer tokens for Graph are issued by Entra ID: here the Azure sandbox. The
// verifier fetches its JWKS ({authority}/{tenant}/discovery/v2.0/keys) on first
// use, caches it (and fetches again, at most every 10 s, for an unknown kid), and
// checks the RS256 signature, expiry, audience (Graph) and tenant.
import { createPublicKey, verify as verifySignature } from 'node:crypto';
import { get } from 'node:https';

export const GRAPH_AUDIENCES = [
  'https://graph.microsoft.com',
  'https://graph.microsoft.com/',
  '00000003-0000-0000-c000-000000000000',
];
const CLOCK_SKEW_S = 300;

function fetchJson(url, ca) {
  return new Promise((resolve, reject) => {
    const req = get(url, { ca, timeout: 5000 }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c) => (text += c));
      res.on('end', () => {
        if (res.statusCode !== 200) return reject(new Error(`GET ${url}: ${res.statusCode}`));
        try {
          resolve(JSON.parse(text));
        } catch (err) {
          reject(err);
        }
      });
    });
    req.on('timeout', () => req.destroy(new Error(`GET ${url}: timed out`)));
    req.on('error', reject);
  });
}

export function createVerifier({ authority, tenantId, ca }) {
  const jwksUrl = `${authority.replace(/\/+$/, '')}/${tenantId}/discovery/v2.0/keys`;
  let keys = new Map();
  let fetchedAt = 0;
  let pending = null;

  async function refresh() {
    pending ??= fetchJson(jwksUrl, ca)
      .then((jwks) => {
        keys = new Map(
          (jwks.keys ?? []).map((jwk) => [jwk.kid, createPublicKey({ key: jwk, format: 'jwk' })]),
        );
        fetchedAt = Date.now();
      })
      .finally(() => {
        pending = null;
      });
    return pending;
  }

  async function keyFor(kid) {
    if (!keys.has(kid) && Date.now() - fetchedAt > 10_000) await refresh();
    return keys.get(kid);
  }

  /** { claims } or { message } (why the token is refused). */
  async function verify(authorization) {
    if (!authorization) return { message: 'Access token is empty.' };
    const m = /^Bearer\s+([\w-]+)\.([\w-]+)\.([\w-]+)$/i.exec(authorization);
    if (!m)
      return {
        message: 'Invalid JWT token. The token is not in JWS Compact Serialization Format.',
      };
    let header;
    let claims;
    try {
      header = JSON.parse(Buffer.from(m[1], 'base64url').toString());
      claims = JSON.parse(Buffer.from(m[2], 'base64url').toString());
    } catch {
      return { message: 'Invalid JWT token. The header or the payload is not JSON.' };
    }
    if (header.alg !== 'RS256')
      return { message: `Invalid JWT token. Unsupported algorithm '${header.alg}'.` };
    let key;
    try {
      key = await keyFor(header.kid);
    } catch (err) {
      return {
        message: `Access token validation failure: the signing keys could not be read (${err.message}).`,
      };
    }
    if (!key) return { message: 'Access token validation failure. The signing key was not found.' };
    const ok = verifySignature(
      'RSA-SHA256',
      Buffer.from(`${m[1]}.${m[2]}`),
      key,
      Buffer.from(m[3], 'base64url'),
    );
    if (!ok) return { message: 'Access token validation failure. Invalid signature.' };
    const now = Math.floor(Date.now() / 1000);
    if (typeof claims.exp !== 'number' || claims.exp + CLOCK_SKEW_S < now)
      return { message: 'Lifetime validation failed, the token is expired.' };
    if (typeof claims.nbf === 'number' && claims.nbf - CLOCK_SKEW_S > now)
      return { message: 'Lifetime validation failed, the token is not yet valid.' };
    if (!GRAPH_AUDIENCES.includes(claims.aud))
      return { message: 'Access token validation failure. Invalid audience.' };
    if (claims.tid !== tenantId)
      return {
        message: `Access token validation failure. The token's tenant '${claims.tid}' is not ${tenantId}.`,
      };
    return { claims };
  }

  return { verify, refresh };
}
