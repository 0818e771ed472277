import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import { exportJWK, generateKeyPair, type JWK, type KeyLike, SignJWT } from 'jose';

import { AuthError } from './auth-error';
import { JwtVerifier } from './jwt-verifier';

interface SigningKey {
  kid: string;
  privateKey: KeyLike;
  jwk: JWK;
}

async function signingKey(kid: string): Promise<SigningKey> {
  const { privateKey, publicKey } = await generateKeyPair('RS256');
  return {
    kid,
    privateKey,
    jwk: { ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' },
  };
}

const ISSUER = 'https://issuer.codex.test/';
const AUDIENCE = 'codex-api';

function token(
  key: SigningKey,
  claims: Record<string, unknown> = {},
  { expiresIn = '5m', issuer = ISSUER, audience = AUDIENCE } = {},
) {
  return new SignJWT({ tenant_id: 'tenant-a', roles: ['operator'], ...claims })
    .setProtectedHeader({ alg: 'RS256', kid: key.kid })
    .setSubject('user-1')
    .setIssuer(issuer)
    .setAudience(audience)
    .setIssuedAt()
    .setExpirationTime(expiresIn)
    .sign(key.privateKey);
}

async function refusal(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof AuthError) return error.code;
    throw error;
  }
  throw new Error('expected the token to be refused');
}

describe('JwtVerifier against a JWKS served on loopback', () => {
  let server: Server;
  let published: JWK[] = [];
  let fetches = 0;
  let oldKey: SigningKey;
  let newKey: SigningKey;
  let verifier: JwtVerifier;

  beforeAll(async () => {
    [oldKey, newKey] = await Promise.all([signingKey('key-1'), signingKey('key-2')]);
    server = createServer((_request, response) => {
      fetches += 1;
      response.setHeader('content-type', 'application/json');
      response.end(JSON.stringify({ keys: published }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  });

  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  beforeEach(() => {
    published = [oldKey.jwk];
    fetches = 0;
    verifier = new JwtVerifier({
      issuers: [
        {
          issuer: ISSUER,
          audience: AUDIENCE,
          jwksUri: `http://127.0.0.1:${(server.address() as AddressInfo).port}/.well-known/jwks.json`,
          tenantClaim: 'tenant_id',
          rolesClaim: 'roles',
        },
      ],
      jwksCooldownMs: 0,
    });
  });

  it('turns a valid token into its principal, keeping only Codex roles', async () => {
    const principal = await verifier.verify(
      await token(oldKey, { roles: ['operator', 'superuser'] }),
    );
    expect(principal).toMatchObject({
      subject: 'user-1',
      tenantId: 'tenant-a',
      roles: ['operator'],
    });
  });

  it('maps the claims of a second trusted issuer by its own claim names', async () => {
    const jwksUri = `http://127.0.0.1:${(server.address() as AddressInfo).port}/jwks`;
    const entra = 'https://login.microsoftonline.com/tenant-guid/v2.0';
    const twoIssuers = new JwtVerifier({
      issuers: [
        {
          issuer: ISSUER,
          audience: AUDIENCE,
          jwksUri,
          tenantClaim: 'tenant_id',
          rolesClaim: 'roles',
        },
        {
          issuer: entra,
          audience: 'api://codex',
          jwksUri,
          tenantClaim: 'tid',
          rolesClaim: 'roles',
        },
      ],
    });
    const entraToken = await token(
      oldKey,
      { tenant_id: undefined, tid: 'tenant-guid', roles: ['viewer'] },
      { issuer: entra, audience: 'api://codex' },
    );
    await expect(twoIssuers.verify(entraToken)).resolves.toMatchObject({
      tenantId: 'tenant-guid',
      roles: ['viewer'],
    });
    const entraTokenForCodexAudience = await token(oldKey, { tid: 't' }, { issuer: entra });
    expect(await refusal(twoIssuers.verify(entraTokenForCodexAudience))).toBe('wrong_audience');
  });

  it('fetches the key set once for many tokens', async () => {
    for (let i = 0; i < 5; i += 1) await verifier.verify(await token(oldKey));
    expect(fetches).toBe(1);
  });

  it.each([
    ['expired', () => token(oldKey, {}, { expiresIn: '-2m' })],
    ['wrong_issuer', () => token(oldKey, {}, { issuer: 'https://evil.test/' })],
    ['wrong_audience', () => token(oldKey, {}, { audience: 'another-api' })],
    ['missing_tenant', () => token(oldKey, { tenant_id: undefined })],
    ['no_known_role', () => token(oldKey, { roles: ['superuser'] })],
  ])('refuses a token that is %s', async (code, make) => {
    expect(await refusal(verifier.verify(await make()))).toBe(code);
  });

  it('refuses a token whose payload was tampered with', async () => {
    const [header, payload, signature] = (await token(oldKey)).split('.');
    const forged = Buffer.from(
      JSON.stringify({
        ...JSON.parse(Buffer.from(payload ?? '', 'base64url').toString()),
        roles: ['admin'],
      }),
    );
    expect(
      await refusal(verifier.verify(`${header}.${forged.toString('base64url')}.${signature}`)),
    ).toBe('invalid_signature');
  });

  it('refuses a token signed by a key the issuer does not publish', async () => {
    expect(await refusal(verifier.verify(await token(newKey)))).toBe('unknown_key');
  });

  it('after rotation accepts tokens of the new key and still those of the previous one', async () => {
    await verifier.verify(await token(oldKey));
    published = [newKey.jwk, oldKey.jwk];
    await expect(verifier.verify(await token(newKey))).resolves.toMatchObject({
      tenantId: 'tenant-a',
    });
    await expect(verifier.verify(await token(oldKey))).resolves.toMatchObject({
      tenantId: 'tenant-a',
    });
  });
});
