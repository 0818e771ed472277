import { AccountBreakers, type AwsAccountAccess, AwsClientPool } from '@codex/connectors';
import { localInfra, startThrottlingProxy, type ThrottlingProxy } from '@codex/testing';

import type { ComputeAction } from '../../compute/ports';
import { AwsComputeActions } from './compute-actions';
import { AwsComputeDiscovery } from './compute-discovery';
import { collect, freshMotoAccount, MOTO_CLIENT_SETTINGS, MotoEstate } from './moto-estate.fixture';

const REGION = 'eu-west-1';
const SERIAL = { ec2PageSize: 5, ecsPageSize: 10, concurrency: 1 };

describe('one circuit breaker per AWS account', () => {
  let proxy: ThrottlingProxy;
  let breakers: AccountBreakers;
  let clients: AwsClientPool;
  let discovery: AwsComputeDiscovery;
  const estates: MotoEstate[] = [];

  /** An account reached through the proxy, with one instance in it. */
  async function accountWithInstance(): Promise<AwsAccountAccess> {
    const direct = freshMotoAccount([REGION]);
    const estate = new MotoEstate(direct);
    estates.push(estate);
    await estate.launchInstances(REGION, 1);
    return { ...direct, endpoint: proxy.url };
  }

  beforeEach(async () => {
    proxy = await startThrottlingProxy(localInfra().motoUrl);
    breakers = new AccountBreakers({
      timeoutMs: false,
      errorThresholdPercentage: 50,
      resetTimeoutMs: 60_000,
      volumeThreshold: 3,
      rollingWindowMs: 10_000,
    });
    clients = new AwsClientPool(breakers, MOTO_CLIENT_SETTINGS);
    discovery = new AwsComputeDiscovery(clients, {
      ec2PageSize: 5,
      ecsPageSize: 10,
      concurrency: 1,
    });
  });

  afterEach(async () => {
    for (const estate of estates.splice(0)) estate.destroy();
    clients.destroy();
    breakers.shutdown();
    await proxy.close();
  });

  it('opens after repeated failures and then refuses calls without reaching AWS', async () => {
    const access = await accountWithInstance();
    proxy.denyNext(1_000, { services: ['ec2'] });
    for (let attempt = 0; attempt < 3; attempt += 1) {
      await expect(collect(discovery.discover(access))).rejects.toMatchObject({
        code: 'denied',
        providerCode: 'UnauthorizedOperation',
      });
    }
    const refusedSoFar = proxy.counts().denied;

    const failure = collect(discovery.discover(access));

    await expect(failure).rejects.toMatchObject({
      code: 'unavailable',
      providerCode: 'CircuitOpen',
      retryable: true,
    });
    await expect(failure).rejects.toThrow(`AWS account ${access.accountId}`);
    expect(proxy.counts().denied).toBe(refusedSoFar);
    expect(breakers.isOpen(access)).toBe(true);
  });

  it('counts throttling the SDK retried in vain as a failure', async () => {
    const access = await accountWithInstance();
    const patientClients = new AwsClientPool(breakers, {
      ...MOTO_CLIENT_SETTINGS,
      maxAttempts: 2,
      retryMode: 'standard',
    });
    const patient = new AwsComputeDiscovery(patientClients, SERIAL);
    proxy.throttleNext(1_000, { services: ['ec2'] });
    try {
      for (let attempt = 0; attempt < 3; attempt += 1) {
        await expect(collect(patient.discover(access))).rejects.toMatchObject({
          code: 'throttled',
          providerCode: 'RequestLimitExceeded',
        });
      }

      await expect(collect(patient.discover(access))).rejects.toMatchObject({
        code: 'unavailable',
        providerCode: 'CircuitOpen',
      });
      expect(proxy.counts().throttled).toBe(6);
    } finally {
      patientClients.destroy();
    }
  });

  it('keeps serving other accounts while one account is cut off', async () => {
    const broken = await accountWithInstance();
    const healthy = await accountWithInstance();
    proxy.denyNext(3, { services: ['ec2'] });
    for (let attempt = 0; attempt < 3; attempt += 1) {
      await expect(collect(discovery.discover(broken))).rejects.toThrow();
    }

    const found = await collect(discovery.discover(healthy));

    expect(breakers.isOpen(broken)).toBe(true);
    expect(found.filter((resource) => resource.resourceType === 'ec2/instance')).toHaveLength(1);
  });

  it('does not count requests for resources that do not exist against the account', async () => {
    const access = await accountWithInstance();
    const actions = new AwsComputeActions(clients);
    for (let attempt = 0; attempt < 5; attempt += 1) {
      await expect(
        actions.execute(access, instanceAction('start', 'i-0000000000000dead')),
      ).rejects.toMatchObject({ code: 'not_found', providerCode: 'InvalidInstanceID.NotFound' });
    }

    expect(breakers.isOpen(access)).toBe(false);
    await expect(collect(discovery.discover(access))).resolves.toHaveLength(1);
  });
});

function instanceAction(
  name: ComputeAction['name'],
  instanceId: string,
  params: Record<string, unknown> = {},
): ComputeAction {
  return { name, target: target('ec2/instance', instanceId), params };
}

function target(resourceType: string, resourceId: string): ComputeAction['target'] {
  return { provider: 'aws', accountId: 'from-access', region: REGION, resourceType, resourceId };
}
