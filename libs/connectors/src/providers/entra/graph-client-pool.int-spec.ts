import { GRAPH_SANDBOX, type IdentitySandboxes, startIdentitySandboxes } from '@codex/testing';

import { AccountBreakers } from '../../breakers/account-breakers';
import { ProviderError } from '../../provider-error';
import type { EntraAccountAccess } from './entra-access';
import { GraphClientPool } from './graph-client-pool';
import { toGraphProviderError } from './graph-error-classifier';

describe("GraphClientPool: every Graph request in the directory's breaker", () => {
  let sandboxes: IdentitySandboxes;
  let pool: GraphClientPool;
  let breakers: AccountBreakers;

  const access = (clientSecret: string = GRAPH_SANDBOX.clientSecret): EntraAccountAccess => ({
    provider: 'entra',
    accountId: GRAPH_SANDBOX.tenantId,
    regions: [],
    endpoint: sandboxes.graph.url,
    authorityHost: sandboxes.graph.authority,
    credentials: { kind: 'client-secret', clientId: GRAPH_SANDBOX.clientId, clientSecret },
  });
  const failure = async (call: Promise<unknown>) =>
    call.then(
      () => undefined,
      (error: unknown) => toGraphProviderError(error),
    );

  beforeAll(async () => {
    sandboxes = await startIdentitySandboxes({});
  });

  beforeEach(async () => {
    breakers = new AccountBreakers({
      timeoutMs: false,
      errorThresholdPercentage: 50,
      resetTimeoutMs: 60_000,
      volumeThreshold: 3,
      rollingWindowMs: 60_000,
    });
    pool = new GraphClientPool(breakers, { maxRetries: 5, retryDelaySeconds: 1 });
    await sandboxes.graph.reset();
  });

  afterEach(() => {
    breakers.shutdown();
    pool.destroy();
  });
  afterAll(() => sandboxes?.stop());

  it('reads through one client per directory, with the token of the authority', async () => {
    const client = pool.client(access());
    expect(pool.client(access())).toBe(client);
    const page = (await client.api('users').select('id,displayName').top(5).get()) as {
      value: { id: string }[];
    };
    expect(page.value).toHaveLength(5);
  });

  it('retries a 429 burst after Retry-After and succeeds', async () => {
    const client = pool.client(access());
    await client.api('users').top(1).get(); // the token, before the throttle
    await sandboxes.graph.throttle({ requests: 0, retryAfterSeconds: 1 });
    const page = (await client.api('users').top(1).get()) as { value: unknown[] };
    expect(page.value).toHaveLength(1);
    expect(await sandboxes.graph.refused()).toBeGreaterThan(0);
    expect(breakers.isOpen(access())).toBe(false);
  });

  it('names a wrong secret denied with the AADSTS code, and opens the circuit after repeats', async () => {
    const wrong = access('not-the-secret');
    const first = await failure(pool.client(wrong).api('users').top(1).get());
    expect(first).toBeInstanceOf(ProviderError);
    expect(first).toMatchObject({ code: 'denied', provider: 'entra' });
    expect(first?.providerCode).toMatch(/^AADSTS\d+$/);
    for (let call = 0; call < 2; call += 1) {
      expect(await failure(pool.client(wrong).api('users').top(1).get())).toMatchObject({
        code: 'denied',
      });
    }
    expect(breakers.isOpen(wrong)).toBe(true);
    expect(await failure(pool.client(wrong).api('users').top(1).get())).toMatchObject({
      code: 'unavailable',
      providerCode: 'CircuitOpen',
    });
  });

  it('leaves the circuit closed after 404s, the caller’s mistakes', async () => {
    const client = pool.client(access());
    for (let call = 0; call < 5; call += 1) {
      expect(
        await failure(client.api('users/00000000-0000-4000-8000-000000000000').get()),
      ).toMatchObject({ code: 'not_found', providerCode: 'Request_ResourceNotFound' });
    }
    expect(breakers.isOpen(access())).toBe(false);
    const page = (await client.api('users').top(1).get()) as { value: unknown[] };
    expect(page.value).toHaveLength(1);
  });

  it('counts one breaker call per request, however many 429 retries it took', async () => {
    const client = pool.client(access());
    await client.api('users').top(1).get();
    const fire = jest.spyOn(breakers, 'run');
    await sandboxes.graph.throttle({ requests: 0, retryAfterSeconds: 1 });
    await client.api('users').top(1).get();
    expect(fire).toHaveBeenCalledTimes(1);
    expect(await sandboxes.graph.refused()).toBeGreaterThan(0);
  });
});
