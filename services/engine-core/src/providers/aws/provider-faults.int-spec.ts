import {
  AccountBreakers,
  type AwsAccountAccess,
  AwsClientPool,
  ProviderError,
} from '@codex/connectors';
import {
  localInfra,
  startSilentPeer,
  startThrottlingProxy,
  type ThrottlingProxy,
} from '@codex/testing';

import { AwsComputeDiscovery } from './compute-discovery';
import { AwsCpuMetrics } from './cpu-metrics';
import { collect, freshMotoAccount, MOTO_CLIENT_SETTINGS, MotoEstate } from './moto-estate.fixture';

const REGIONS = ['eu-west-1', 'us-east-1'];

describe('AWS throttling and refusals, injected by a proxy in front of moto', () => {
  let proxy: ThrottlingProxy;
  let breakers: AccountBreakers;
  let estate: MotoEstate;
  let access: AwsAccountAccess;
  const pools: AwsClientPool[] = [];

  const discoveryThroughProxy = (maxAttempts = MOTO_CLIENT_SETTINGS.maxAttempts) => {
    const clients = new AwsClientPool(breakers, { ...MOTO_CLIENT_SETTINGS, maxAttempts });
    pools.push(clients);
    return new AwsComputeDiscovery(clients, { ec2PageSize: 5, ecsPageSize: 1, concurrency: 4 });
  };

  beforeEach(async () => {
    proxy = await startThrottlingProxy(localInfra().motoUrl);
    breakers = new AccountBreakers();
    const direct = freshMotoAccount(REGIONS);
    access = { ...direct, endpoint: proxy.url };
    estate = new MotoEstate(direct);
    await estate.launchInstances('eu-west-1', 6);
    await estate.launchInstances('us-east-1', 6);
    await estate.createService('eu-west-1', 'web-staging', 'frontend', 2);
    await estate.createService('eu-west-1', 'web-staging', 'api', 2);
  });

  afterEach(async () => {
    for (const clients of pools.splice(0)) clients.destroy();
    estate.destroy();
    breakers.shutdown();
    await proxy.close();
  });

  it('retries throttled EC2 and ECS requests and still finds everything', async () => {
    proxy.throttleEvery(3, { services: ['ec2', 'ecs'] });

    const found = await collect(discoveryThroughProxy().discover(access));

    expect(proxy.counts().throttled).toBeGreaterThan(2);
    expect(found.filter((resource) => resource.resourceType === 'ec2/instance')).toHaveLength(12);
    expect(found.filter((resource) => resource.resourceType === 'ecs/service')).toHaveLength(2);
    expect(found.filter((resource) => resource.resourceType === 'ecs/cluster')).toHaveLength(1);
  });

  it('retries a throttled CloudWatch query and returns its datapoints', async () => {
    await estate.putCpu('eu-west-1', 'i-0cpu', [
      { at: new Date(Date.now() - 60_000), percent: 41 },
    ]);
    const clients = new AwsClientPool(breakers, MOTO_CLIENT_SETTINGS);
    pools.push(clients);
    proxy.throttleNext(2, { services: ['monitoring'] });

    const samples = await new AwsCpuMetrics(clients).latestCpu(access, [
      { region: 'eu-west-1', instanceId: 'i-0cpu' },
    ]);

    expect(proxy.counts().throttled).toBe(2);
    expect(samples).toEqual([
      expect.objectContaining({ instanceId: 'i-0cpu', averagePercent: 41 }),
    ]);
  });

  it('fails retryable with the throttling code once the attempts run out', async () => {
    proxy.throttleNext(1_000, { services: ['ec2'] });

    const failure = collect(discoveryThroughProxy(2).discover(access));

    await expect(failure).rejects.toBeInstanceOf(ProviderError);
    await expect(failure).rejects.toMatchObject({
      code: 'throttled',
      providerCode: 'RequestLimitExceeded',
      message: 'Request limit exceeded.',
      retryable: true,
    });
  });

  it("fails with EC2's code and message when AWS refuses a call", async () => {
    proxy.denyNext(1, { services: ['ec2'] });

    await expect(collect(discoveryThroughProxy().discover(access))).rejects.toMatchObject({
      name: 'ProviderError',
      code: 'denied',
      providerCode: 'UnauthorizedOperation',
      message: 'You are not authorized to perform this operation.',
      retryable: false,
    });
    expect(proxy.counts().denied).toBe(1);
  });

  it("fails with ECS's code when AWS refuses a call", async () => {
    proxy.denyNext(1, { services: ['ecs'] });

    await expect(collect(discoveryThroughProxy().discover(access))).rejects.toMatchObject({
      code: 'denied',
      providerCode: 'AccessDeniedException',
      retryable: false,
    });
  });
});

describe('an AWS endpoint that never answers', () => {
  it('fails the call with a retryable timeout once the attempts have timed out', async () => {
    const peer = await startSilentPeer();
    const breakers = new AccountBreakers();
    const clients = new AwsClientPool(breakers, {
      ...MOTO_CLIENT_SETTINGS,
      maxAttempts: 2,
      requestTimeoutMs: 300,
    });
    try {
      const access: AwsAccountAccess = {
        provider: 'aws',
        accountId: '123456789012',
        regions: ['eu-west-1'],
        endpoint: `http://${peer.address}`,
        credentials: {
          kind: 'access-keys',
          accessKeyId: 'codex-test',
          secretAccessKey: 'codex-test',
        },
      };

      await expect(
        collect(new AwsComputeDiscovery(clients).discover(access)),
      ).rejects.toMatchObject({
        code: 'unavailable',
        providerCode: 'TimeoutError',
        retryable: true,
      });
    } finally {
      clients.destroy();
      breakers.shutdown();
      await peer.close();
    }
  });
});
