import { ComputeManagementClient } from '@azure/arm-compute';
import { AZURE_SANDBOX, type AzureSandbox, startAzureSandbox } from '@codex/testing';

import { AccountBreakers } from '../../breakers/account-breakers';
import { ProviderError } from '../../provider-error';
import type { AzureAccountAccess } from './azure-access';
import { AzureClientPool } from './azure-client-pool';
import { toAzureProviderError } from './azure-error-classifier';

describe("AzureClientPool: every Resource Manager call in the account's breaker", () => {
  let sandbox: AzureSandbox;
  let pool: AzureClientPool;
  let breakers: AccountBreakers;
  const [FIRST, SECOND] = AZURE_SANDBOX.subscriptions;

  const access = (
    subscription: string,
    clientId: string = AZURE_SANDBOX.clientId,
  ): AzureAccountAccess => ({
    provider: 'azure',
    accountId: subscription,
    regions: [],
    endpoint: sandbox.url,
    credentials: {
      kind: 'client-secret',
      tenantId: AZURE_SANDBOX.tenantId,
      clientId,
      clientSecret: AZURE_SANDBOX.clientSecret,
    },
  });
  const compute = (target: AzureAccountAccess) =>
    pool.client(
      'compute',
      target,
      (credential, options) => new ComputeManagementClient(credential, target.accountId, options),
    );
  const failure = async (call: Promise<unknown>) =>
    call.then(
      () => undefined,
      (error: unknown) => toAzureProviderError(error),
    );

  beforeAll(async () => {
    sandbox = await startAzureSandbox();
  });

  beforeEach(() => {
    breakers = new AccountBreakers({
      timeoutMs: false,
      errorThresholdPercentage: 50,
      resetTimeoutMs: 60_000,
      volumeThreshold: 3,
      rollingWindowMs: 60_000,
    });
    pool = new AzureClientPool(breakers, { maxRetries: 0, maxRetryDelayMs: 1_000 });
  });

  afterEach(() => breakers.shutdown());
  afterAll(() => sandbox?.stop());

  it('opens the circuit of an account whose every call is refused, and only of that account', async () => {
    // The narrow principal may not read the second subscription: 403 AuthorizationFailed.
    const refused = access(SECOND ?? '', AZURE_SANDBOX.narrowClientId);
    for (let call = 0; call < 3; call += 1) {
      expect(
        await failure(compute(refused).virtualMachines.get('rg-data-dev', 'any')),
      ).toMatchObject({
        code: 'denied',
        providerCode: 'AuthorizationFailed',
      });
    }
    expect(breakers.isOpen(refused)).toBe(true);
    const shortCircuited = await failure(
      compute(refused).virtualMachines.get('rg-data-dev', 'any'),
    );
    expect(shortCircuited).toBeInstanceOf(ProviderError);
    expect(shortCircuited).toMatchObject({ code: 'unavailable', providerCode: 'CircuitOpen' });

    const healthy = access(FIRST ?? '');
    const listed = [];
    for await (const vm of compute(healthy).virtualMachines.listAll()) listed.push(vm);
    expect(listed.length).toBeGreaterThan(0);
    expect(breakers.isOpen(healthy)).toBe(false);
  });

  it("keeps the circuit closed through the caller's mistakes: names that do not exist", async () => {
    const healthy = access(FIRST ?? '');
    for (let call = 0; call < 5; call += 1) {
      expect(
        await failure(compute(healthy).virtualMachines.get('rg-web-prod', `missing-${call}`)),
      ).toMatchObject({
        code: 'not_found',
        providerCode: 'ResourceNotFound',
      });
    }
    expect(breakers.isOpen(healthy)).toBe(false);
  });
});
