import { AUTH0_SANDBOX, type IdentitySandboxes, startIdentitySandboxes } from '@codex/testing';

import { AccountBreakers } from '../../breakers/account-breakers';
import { ProviderError } from '../../provider-error';
import type { Auth0AccountAccess } from './auth0-access';
import { Auth0ClientPool, auth0Domain } from './auth0-client-pool';
import { toAuth0ProviderError } from './auth0-error-classifier';

describe("Auth0ClientPool: every Management API call in the account's breaker", () => {
  let sandboxes: IdentitySandboxes;
  let pool: Auth0ClientPool;
  let breakers: AccountBreakers;
  let someUserId: string;

  const access = (
    accountId = 'acme-dev',
    clientSecret: string = AUTH0_SANDBOX.clientSecret,
  ): Auth0AccountAccess => ({
    provider: 'auth0',
    accountId,
    regions: [],
    endpoint: sandboxes.auth0.url,
    credentials: {
      kind: 'client-secret',
      domain: 'acme-dev.eu.auth0.com',
      clientId: AUTH0_SANDBOX.clientId,
      clientSecret,
    },
  });
  const failure = async (call: Promise<unknown>) =>
    call.then(
      () => undefined,
      (error: unknown) => toAuth0ProviderError(error),
    );

  beforeAll(async () => {
    sandboxes = await startIdentitySandboxes({});
    const probe = new Auth0ClientPool();
    const page = await probe.client(access()).users.list({ per_page: 1 });
    someUserId = page.data[0]?.user_id ?? '';
    probe.destroy();
  });

  beforeEach(() => {
    breakers = new AccountBreakers({
      timeoutMs: false,
      errorThresholdPercentage: 50,
      resetTimeoutMs: 60_000,
      volumeThreshold: 3,
      rollingWindowMs: 60_000,
    });
    pool = new Auth0ClientPool(breakers, {
      maxRetries: 5,
      maxRetryDelayMs: 5_000,
      timeoutSeconds: 60,
    });
  });

  afterEach(() => {
    pool.destroy();
    breakers.shutdown();
  });
  afterAll(() => sandboxes?.stop());

  it('speaks to the endpoint override host, else the tenant domain', () => {
    expect(auth0Domain(access())).toBe(sandboxes.auth0.domain);
    const { endpoint: _endpoint, ...real } = access();
    expect(auth0Domain(real)).toBe('acme-dev.eu.auth0.com');
  });

  it('retries a 429 burst until x-ratelimit-reset and the call succeeds, counted once', async () => {
    const client = pool.client(access());
    expect((await client.users.get(someUserId)).user_id).toBe(someUserId); // the token first
    await sandboxes.auth0.throttle({ requests: 0, resetSeconds: 1 });
    const user = await client.users.get(someUserId);
    expect(user.user_id).toBe(someUserId);
    expect(await sandboxes.auth0.refused()).toBeGreaterThan(0);
    expect(breakers.isOpen(access())).toBe(false);
  });

  it('names throttling that outlasts the retries throttled, with the wait until the reset', async () => {
    const impatient = new Auth0ClientPool(breakers, {
      maxRetries: 0,
      maxRetryDelayMs: 1_000,
      timeoutSeconds: 10,
    });
    const client = impatient.client(access('acme-impatient'));
    await client.users.get(someUserId);
    await sandboxes.auth0.throttle({ requests: 0, resetSeconds: 2 });
    const error = await failure(client.users.get(someUserId));
    expect(error).toMatchObject({ code: 'throttled', providerCode: 'too_many_requests' });
    expect(error?.retryAfterMs).toBeGreaterThan(0);
    expect(error?.retryAfterMs).toBeLessThanOrEqual(3_000);
    impatient.destroy();
  });

  it('counts a call whose every retry was throttled once against the account', async () => {
    const strict = new AccountBreakers({
      timeoutMs: false,
      errorThresholdPercentage: 50,
      resetTimeoutMs: 60_000,
      volumeThreshold: 2,
      rollingWindowMs: 60_000,
    });
    const quick = new Auth0ClientPool(strict, {
      maxRetries: 2,
      maxRetryDelayMs: 20,
      timeoutSeconds: 10,
    });
    const target = access('acme-throttled');
    const client = quick.client(target);
    await pool.client(access()).users.get(someUserId); // outwaits an earlier test's throttle
    await client.users.get(someUserId);
    await sandboxes.auth0.throttle({ requests: 0, resetSeconds: 3 });
    expect(await failure(client.users.get(someUserId))).toMatchObject({ code: 'throttled' });
    expect(await sandboxes.auth0.refused()).toBe(3);
    // The token and a read succeeded; three refused tries are one failed call: 1 of 3, closed
    // (counted per try it would be 3 of 5, open).
    expect(strict.isOpen(target)).toBe(false);
    for (let call = 0; call < 2; call += 1)
      expect(await failure(client.users.get(someUserId))).toMatchObject({ code: 'throttled' });
    expect(strict.isOpen(target)).toBe(true);
    quick.destroy();
    strict.shutdown();
  });

  it('names a wrong client secret denied, by the token endpoint', async () => {
    const wrong = access('acme-wrong-secret', 'not-the-secret');
    const error = await failure(pool.client(wrong).users.get(someUserId));
    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({ code: 'denied', providerCode: 'access_denied' });
  });

  it('opens the circuit of an account whose calls are refused, and only of that account', async () => {
    const refused = access('acme-refused', 'not-the-secret');
    for (let call = 0; call < 3; call += 1) {
      expect(await failure(pool.client(refused).users.get(someUserId))).toMatchObject({
        code: 'denied',
      });
    }
    expect(breakers.isOpen(refused)).toBe(true);
    const shortCircuited = await failure(pool.client(refused).users.get(someUserId));
    expect(shortCircuited).toMatchObject({ code: 'unavailable', providerCode: 'CircuitOpen' });

    const healthy = access('acme-healthy');
    expect((await pool.client(healthy).users.get(someUserId)).user_id).toBe(someUserId);
    expect(breakers.isOpen(healthy)).toBe(false);
  });

  it("keeps the circuit closed through the caller's mistakes: users that do not exist", async () => {
    const healthy = access('acme-mistakes');
    for (let call = 0; call < 5; call += 1) {
      expect(await failure(pool.client(healthy).users.get(`auth0|missing-${call}`))).toMatchObject({
        code: 'not_found',
        providerCode: 'inexistent_user',
      });
    }
    expect(breakers.isOpen(healthy)).toBe(false);
  });
});
