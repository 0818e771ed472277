import { AccountBreakers, AwsClientPool, awsUrns } from '@codex/connectors';

import type { DiscoveredResource, DiscoveryProgress } from '../../compute/ports';
import { AwsComputeDiscovery } from './compute-discovery';
import { collect, freshMotoAccount, MOTO_CLIENT_SETTINGS, MotoEstate } from './moto-estate.fixture';

const SMALL_PAGES = { ec2PageSize: 5, ecsPageSize: 1, concurrency: 2 };

describe('AwsComputeDiscovery against moto', () => {
  let breakers: AccountBreakers;
  let clients: AwsClientPool;
  let estate: MotoEstate | undefined;

  beforeEach(() => {
    breakers = new AccountBreakers();
    clients = new AwsClientPool(breakers, MOTO_CLIENT_SETTINGS);
  });

  afterEach(() => {
    estate?.destroy();
    clients.destroy();
    breakers.shutdown();
  });

  const instanceUrn = (accountId: string, region: string, id: string) =>
    awsUrns.format({ accountId, region, resourceType: 'ec2/instance', resourceId: id });
  const ofType = (resources: DiscoveredResource[], type: DiscoveredResource['resourceType']) =>
    resources.filter((resource) => resource.resourceType === type);

  it('finds exactly the instances of every configured region, over several pages', async () => {
    const access = freshMotoAccount(['eu-west-1', 'us-east-1']);
    estate = new MotoEstate(access);
    const inEurope = await estate.launchInstances('eu-west-1', 7);
    const inVirginia = await estate.launchInstances('us-east-1', 6);
    const progress: DiscoveryProgress[] = [];

    const found = await collect(
      new AwsComputeDiscovery(clients, SMALL_PAGES).discover(access, (step) => progress.push(step)),
    );

    expect(
      ofType(found, 'ec2/instance')
        .map((resource) => resource.urn)
        .sort(),
    ).toEqual(
      [
        ...inEurope.map((id) => instanceUrn(access.accountId, 'eu-west-1', id)),
        ...inVirginia.map((id) => instanceUrn(access.accountId, 'us-east-1', id)),
      ].sort(),
    );
    const europeanPages = progress.filter(
      (step) => step.region === 'eu-west-1' && step.resourceType === 'ec2/instance',
    );
    expect(europeanPages.length).toBeGreaterThanOrEqual(2);
    expect(europeanPages.at(-1)).toMatchObject({ accountId: access.accountId, resources: 7 });
  });

  it('describes an instance by its Name tag, tags, state and placement', async () => {
    const access = freshMotoAccount(['eu-west-1']);
    estate = new MotoEstate(access);
    const tags = { Name: 'checkout-api-1', env: 'production', team: 'payments' };
    const [instanceId = ''] = await estate.launchInstances('eu-west-1', 1, {
      instanceType: 'm5.large',
      tags,
    });

    const [instance] = await collect(new AwsComputeDiscovery(clients).discover(access));

    expect(instance).toMatchObject({
      urn: instanceUrn(access.accountId, 'eu-west-1', instanceId),
      accountId: access.accountId,
      region: 'eu-west-1',
      name: 'checkout-api-1',
      tags,
      state: 'running',
      attributes: {
        instanceType: 'm5.large',
        availabilityZone: expect.stringMatching(/^eu-west-1[a-c]$/) as unknown,
        imageId: 'ami-1e749f67',
      },
    });
    expect(instance?.attributes.privateIp).toEqual(expect.any(String));
    expect(Date.parse(String(instance?.attributes.launchTime))).not.toBeNaN();
  });

  it('leaves out terminated instances', async () => {
    const access = freshMotoAccount(['ap-southeast-2']);
    estate = new MotoEstate(access);
    const [gone = '', kept = ''] = await estate.launchInstances('ap-southeast-2', 2);
    await estate.terminate('ap-southeast-2', [gone]);

    const found = await collect(new AwsComputeDiscovery(clients).discover(access));

    expect(found.map((resource) => resource.name)).toEqual([kept]);
  });

  it('finds ECS clusters and their services with tags, status and task counts', async () => {
    const access = freshMotoAccount(['us-east-1', 'eu-west-1']);
    estate = new MotoEstate(access);
    await estate.createService('us-east-1', 'payments-prod', 'checkout', 3, { env: 'production' });
    await estate.createService('us-east-1', 'payments-prod', 'ledger', 2);
    await estate.createService('eu-west-1', 'web-staging', 'frontend', 1, { env: 'staging' });

    const found = await collect(new AwsComputeDiscovery(clients, SMALL_PAGES).discover(access));

    expect(ofType(found, 'ecs/cluster').map(({ urn, state }) => ({ urn, state }))).toEqual(
      expect.arrayContaining([
        {
          urn: `codex:aws:${access.accountId}:us-east-1:ecs/cluster/payments-prod`,
          state: 'active',
        },
        {
          urn: `codex:aws:${access.accountId}:eu-west-1:ecs/cluster/web-staging`,
          state: 'active',
        },
      ]),
    );
    const services = ofType(found, 'ecs/service');
    expect(services.map((service) => service.urn).sort()).toEqual([
      `codex:aws:${access.accountId}:eu-west-1:ecs/service/web-staging/frontend`,
      `codex:aws:${access.accountId}:us-east-1:ecs/service/payments-prod/checkout`,
      `codex:aws:${access.accountId}:us-east-1:ecs/service/payments-prod/ledger`,
    ]);
    expect(services.find((service) => service.name === 'checkout')).toMatchObject({
      state: 'active',
      tags: { env: 'production' },
      attributes: {
        desiredCount: 3,
        launchType: 'FARGATE',
        clusterArn: `arn:aws:ecs:us-east-1:${access.accountId}:cluster/payments-prod`,
      },
    });
  });
});
