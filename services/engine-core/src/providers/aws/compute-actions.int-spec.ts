import {
  AccountBreakers,
  type AwsAccountAccess,
  AwsClientPool,
  ProviderError,
} from '@codex/connectors';

import type { ComputeAction } from '../../compute/ports';
import { AwsComputeActions } from './compute-actions';
import { AwsComputeDiscovery } from './compute-discovery';
import { Ec2InstanceActions } from './ec2-instance-actions';
import { freshMotoAccount, MOTO_CLIENT_SETTINGS, MotoEstate } from './moto-estate.fixture';

const REGION = 'eu-west-1';
const QUICK_WAITS = { minDelaySeconds: 0.2, maxDelaySeconds: 1, maxWaitSeconds: 30 };

describe('AwsComputeActions against moto', () => {
  let breakers: AccountBreakers;
  let clients: AwsClientPool;
  let actions: AwsComputeActions;
  let access: AwsAccountAccess;
  let estate: MotoEstate;

  beforeEach(() => {
    breakers = new AccountBreakers();
    clients = new AwsClientPool(breakers, MOTO_CLIENT_SETTINGS);
    actions = new AwsComputeActions(clients, new Ec2InstanceActions(QUICK_WAITS));
    access = freshMotoAccount([REGION]);
    estate = new MotoEstate(access);
  });

  afterEach(() => {
    estate.destroy();
    clients.destroy();
    breakers.shutdown();
  });

  async function runningInstance(
    instanceType: 't3.micro' | 't3.small' = 't3.micro',
    tags: Record<string, string> = {},
  ) {
    const [instanceId = ''] = await estate.launchInstances(REGION, 1, { instanceType, tags });
    return instanceId;
  }

  it('stops a running instance and reports it stopped', async () => {
    const instanceId = await runningInstance();

    const outcome = await actions.execute(access, instanceAction('stop', instanceId));

    expect({ before: outcome.before, after: outcome.after }).toEqual({
      before: { state: 'running', instanceType: 't3.micro' },
      after: { state: 'stopped', instanceType: 't3.micro' },
    });
    expect(await estate.instance(REGION, instanceId)).toMatchObject({ state: 'stopped' });
  });

  /** What a discovery run of the account would publish for the resource with this URN. */
  async function discovered(urn: string) {
    for await (const resource of new AwsComputeDiscovery(clients).discover(access)) {
      if (resource.urn === urn) return resource;
    }
    throw new Error(`discovery did not find ${urn}`);
  }

  it('reports the stopped instance as discovery maps it, observed when verified', async () => {
    const instanceId = await runningInstance('t3.micro', { Name: 'web', env: 'staging' });
    const started = new Date();

    const outcome = await actions.execute(access, instanceAction('stop', instanceId));

    expect(outcome.target).toMatchObject({
      urn: `codex:aws:${access.accountId}:${REGION}:ec2/instance/${instanceId}`,
      name: 'web',
      tags: { Name: 'web', env: 'staging' },
      state: 'stopped',
      attributes: { instanceType: 't3.micro' },
    });
    expect(outcome.target).toEqual(await discovered(outcome.target.urn));
    expect(outcome.observedAt.getTime()).toBeGreaterThanOrEqual(started.getTime());
    expect(outcome.observedAt.getTime()).toBeLessThanOrEqual(Date.now());
  });

  it('starts a stopped instance and reports it running', async () => {
    const instanceId = await runningInstance();
    await actions.execute(access, instanceAction('stop', instanceId));

    const outcome = await actions.execute(access, instanceAction('start', instanceId));

    expect(outcome.before).toMatchObject({ state: 'stopped' });
    expect(outcome.after).toMatchObject({ state: 'running' });
    expect(await estate.instance(REGION, instanceId)).toMatchObject({ state: 'running' });
  });

  it('reboots a running instance, which is running again afterwards', async () => {
    const instanceId = await runningInstance();

    const outcome = await actions.execute(access, instanceAction('reboot', instanceId));

    expect(outcome.after).toMatchObject({ state: 'running' });
  });

  it('resizes a running instance by stopping, changing the type and starting it again', async () => {
    const instanceId = await runningInstance('t3.small');

    const outcome = await actions.execute(
      access,
      instanceAction('resize', instanceId, { instanceType: 'm5.large' }),
    );

    expect({ before: outcome.before, after: outcome.after }).toEqual({
      before: { state: 'running', instanceType: 't3.small' },
      after: { state: 'running', instanceType: 'm5.large' },
    });
    expect(outcome.target.attributes).toMatchObject({ instanceType: 'm5.large' });
    expect(await estate.instance(REGION, instanceId)).toEqual({
      state: 'running',
      instanceType: 'm5.large',
    });
  });

  it('resizes a stopped instance without starting it', async () => {
    const instanceId = await runningInstance();
    await actions.execute(access, instanceAction('stop', instanceId));

    const outcome = await actions.execute(
      access,
      instanceAction('resize', instanceId, { instanceType: 't3.small' }),
    );

    expect(outcome.after).toEqual({ state: 'stopped', instanceType: 't3.small' });
  });

  it('resizes an instance that already has the type by leaving it alone', async () => {
    const instanceId = await runningInstance('t3.small');

    const outcome = await actions.execute(
      access,
      instanceAction('resize', instanceId, { instanceType: 't3.small' }),
    );

    expect(outcome.after).toEqual(outcome.before);
  });

  it('scales an ECS service to the desired task count', async () => {
    await estate.createService(REGION, 'web-staging', 'frontend', 2, { team: 'web' });

    const outcome = await actions.execute(
      access,
      serviceAction('web-staging/frontend', { desiredCount: 5 }),
    );

    expect(outcome.before).toMatchObject({ status: 'active', desiredCount: 2 });
    expect(outcome.after).toMatchObject({ status: 'active', desiredCount: 5 });
    expect(await estate.desiredCount(REGION, 'web-staging', 'frontend')).toBe(5);
    expect(outcome.target).toEqual(await discovered(outcome.target.urn));
    expect(outcome.target).toMatchObject({
      urn: `codex:aws:${access.accountId}:${REGION}:ecs/service/web-staging/frontend`,
      tags: { team: 'web' },
      attributes: { desiredCount: 5 },
    });
  });

  it("fails with AWS's error for an instance that does not exist", async () => {
    const failure = actions.execute(access, instanceAction('stop', 'i-0123456789abcdef0'));

    await expect(failure).rejects.toBeInstanceOf(ProviderError);
    await expect(failure).rejects.toMatchObject({
      code: 'not_found',
      providerCode: 'InvalidInstanceID.NotFound',
      retryable: false,
    });
  });

  it('fails for an ECS service that does not exist', async () => {
    await estate.createService(REGION, 'web-staging', 'frontend', 1);

    await expect(
      actions.execute(access, serviceAction('web-staging/no-such-service', { desiredCount: 1 })),
    ).rejects.toMatchObject({
      code: 'not_found',
      providerCode: 'ServiceNotFoundException',
      retryable: false,
    });
  });
});

function instanceAction(
  name: ComputeAction['name'],
  instanceId: string,
  params: Record<string, unknown> = {},
): ComputeAction {
  return { name, target: target('ec2/instance', instanceId), params };
}

function serviceAction(clusterAndService: string, params: Record<string, unknown>): ComputeAction {
  return { name: 'scale', target: target('ecs/service', clusterAndService), params };
}

function target(resourceType: string, resourceId: string): ComputeAction['target'] {
  return { provider: 'aws', accountId: 'from-access', region: REGION, resourceType, resourceId };
}
