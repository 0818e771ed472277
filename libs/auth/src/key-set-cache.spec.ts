import { exportJWK, generateKeyPair, type JWK, SignJWT } from 'jose';
import { jwtVerify } from 'jose';

import { KeySetCache, KeySetUnavailableError } from './key-set-cache';

async function key(kid: string) {
  const { privateKey, publicKey } = await generateKeyPair('RS256');
  const jwk: JWK = { ...(await exportJWK(publicKey)), kid, alg: 'RS256' };
  const sign = () =>
    new SignJWT({}).setProtectedHeader({ alg: 'RS256', kid }).setSubject('s').sign(privateKey);
  return { jwk, sign };
}

/** A JWKS endpoint whose answer the test controls, counting fetches. */
function issuer() {
  const state = { keys: [] as JWK[], down: false, fetches: 0 };
  const fetchKeys = (() => {
    state.fetches += 1;
    if (state.down) return Promise.reject(new Error('connect ECONNREFUSED'));
    return Promise.resolve(Response.json({ keys: state.keys }));
  }) as typeof fetch;
  return { state, fetchKeys };
}

describe('the key set cache', () => {
  it('keeps verifying with the last good keys while the issuer is down', async () => {
    const first = await key('k1');
    const { state, fetchKeys } = issuer();
    state.keys = [first.jwk];
    let now = 0;
    const cache = new KeySetCache({
      jwksUri: 'http://issuer.test/jwks',
      fetch: fetchKeys,
      maxAgeMs: 1_000,
      now: () => now,
    });
    await jwtVerify(await first.sign(), await cache.resolverFor('k1'));
    state.down = true;
    now = 60_000;
    await expect(
      jwtVerify(await first.sign(), await cache.resolverFor('k1')),
    ).resolves.toBeDefined();
    expect(state.fetches).toBeGreaterThanOrEqual(1);
  });

  it('finds a key that started signing a moment after the last fetch', async () => {
    const [first, second, third] = await Promise.all([key('k1'), key('k2'), key('k3')]);
    const { state, fetchKeys } = issuer();
    state.keys = [first.jwk];
    const cache = new KeySetCache({
      jwksUri: 'http://issuer.test/jwks',
      fetch: fetchKeys,
      minRefetchMs: 50,
    });
    await cache.resolverFor('k1');
    state.keys = [second.jwk, first.jwk];
    await jwtVerify(await second.sign(), await cache.resolverFor('k2'));
    state.keys = [third.jwk, second.jwk, first.jwk];
    await expect(
      jwtVerify(await third.sign(), await cache.resolverFor('k3')),
    ).resolves.toBeDefined();
    expect(state.fetches).toBe(3);
  });

  it('shares one fetch among many tokens with the same unknown key', async () => {
    const first = await key('k1');
    const { state, fetchKeys } = issuer();
    state.keys = [first.jwk];
    const cache = new KeySetCache({ jwksUri: 'http://issuer.test/jwks', fetch: fetchKeys });
    await Promise.all(Array.from({ length: 20 }, () => cache.resolverFor('unknown')));
    expect(state.fetches).toBe(1);
  });

  it('says the keys are unavailable when it never had any', async () => {
    const { state, fetchKeys } = issuer();
    state.down = true;
    const cache = new KeySetCache({ jwksUri: 'http://issuer.test/jwks', fetch: fetchKeys });
    await expect(cache.resolverFor('k1')).rejects.toBeInstanceOf(KeySetUnavailableError);
  });
});
