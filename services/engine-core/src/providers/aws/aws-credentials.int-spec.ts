import { randomBytes } from 'node:crypto';

import { AccountBreakers, type AwsAccountAccess, AwsClientPool } from '@codex/connectors';
import { localInfra, startThrottlingProxy, type ThrottlingProxy } from '@codex/testing';

import { AwsComputeDiscovery } from './compute-discovery';
import { collect, freshMotoAccount, MOTO_CLIENT_SETTINGS, MotoEstate } from './moto-estate.fixture';

/** The account moto files requests under when they are signed with plain access keys. */
const MOTO_DEFAULT_ACCOUNT = '123456789012';

describe('AWS account credentials against moto', () => {
  let proxy: ThrottlingProxy;
  let breakers: AccountBreakers;
  let clients: AwsClientPool;
  const estates: MotoEstate[] = [];

  beforeEach(async () => {
    proxy = await startThrottlingProxy(localInfra().motoUrl);
    breakers = new AccountBreakers();
    clients = new AwsClientPool(breakers, MOTO_CLIENT_SETTINGS);
  });

  afterEach(async () => {
    for (const estate of estates.splice(0)) estate.destroy();
    clients.destroy();
    breakers.shutdown();
    await proxy.close();
  });

  function estateFor(access: AwsAccountAccess): MotoEstate {
    const estate = new MotoEstate(access);
    estates.push(estate);
    return estate;
  }

  it('assumes the role once per account and shares the credentials across regions and services', async () => {
    const direct = freshMotoAccount(['eu-west-1', 'us-east-1', 'ap-southeast-2']);
    await estateFor(direct).launchInstances('us-east-1', 2);

    const found = await collect(
      new AwsComputeDiscovery(clients).discover({ ...direct, endpoint: proxy.url }),
    );

    expect(found).toHaveLength(2);
    expect(found.every((resource) => resource.accountId === direct.accountId)).toBe(true);
    expect(proxy.counts().byService.sts).toBe(1);
  });

  it('fails with the STS error when the role cannot be assumed', async () => {
    const access = { ...freshMotoAccount(['eu-west-1']), endpoint: proxy.url };
    proxy.denyNext(1, { services: ['sts'] });

    await expect(collect(new AwsComputeDiscovery(clients).discover(access))).rejects.toMatchObject({
      name: 'ProviderError',
      code: 'denied',
      providerCode: 'AccessDenied',
      retryable: false,
    });
  });

  it('reaches the account with access keys', async () => {
    const region = 'ca-central-1';
    const access: AwsAccountAccess = {
      provider: 'aws',
      accountId: MOTO_DEFAULT_ACCOUNT,
      regions: [region],
      endpoint: localInfra().motoUrl,
      credentials: {
        kind: 'access-keys',
        accessKeyId: 'codex-test',
        secretAccessKey: 'codex-test',
      },
    };
    const estate = estateFor(access);
    const marker = randomBytes(6).toString('hex');
    const [instanceId = ''] = await estate.launchInstances(region, 1, {
      tags: { 'codex:test': marker },
    });
    try {
      const found = await collect(new AwsComputeDiscovery(clients).discover(access));

      expect(found.filter((resource) => resource.tags['codex:test'] === marker)).toEqual([
        expect.objectContaining({ name: instanceId, region, accountId: MOTO_DEFAULT_ACCOUNT }),
      ]);
    } finally {
      await estate.terminate(region, [instanceId]);
    }
  });
});
