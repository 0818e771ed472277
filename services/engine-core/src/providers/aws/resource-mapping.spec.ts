import { toDiscoveredInstance } from './ec2-instance-discovery';
import { toDiscoveredCluster, toDiscoveredService } from './ecs-discovery';

const ACCOUNT = '123456789012';

describe('mapping AWS descriptions to discovered resources', () => {
  it('names an untagged instance by its id and leaves out the facts it lacks', () => {
    const instance = toDiscoveredInstance(ACCOUNT, 'eu-west-1', {
      InstanceId: 'i-0abc',
      State: { Name: 'stopped' },
      InstanceType: 't3.micro',
    });

    expect(instance).toMatchObject({ name: 'i-0abc', tags: {}, state: 'stopped' });
    expect(instance.attributes).toEqual({ instanceType: 't3.micro' });
  });

  it('names a service by cluster and service, and lowercases its status', () => {
    const service = toDiscoveredService(ACCOUNT, 'us-east-1', {
      serviceName: 'checkout',
      serviceArn: `arn:aws:ecs:us-east-1:${ACCOUNT}:service/payments-prod/checkout`,
      clusterArn: `arn:aws:ecs:us-east-1:${ACCOUNT}:cluster/payments-prod`,
      status: 'DRAINING',
      desiredCount: 3,
      runningCount: 2,
      launchType: 'FARGATE',
      tags: [{ key: 'env', value: 'production' }],
    });

    expect(service).toMatchObject({
      urn: `codex:aws:${ACCOUNT}:us-east-1:ecs/service/payments-prod/checkout`,
      name: 'checkout',
      state: 'draining',
      tags: { env: 'production' },
      attributes: { desiredCount: 3, runningCount: 2, launchType: 'FARGATE' },
    });
  });

  it('names a cluster by its cluster name', () => {
    const cluster = toDiscoveredCluster(ACCOUNT, 'eu-west-1', {
      clusterName: 'web-staging',
      clusterArn: `arn:aws:ecs:eu-west-1:${ACCOUNT}:cluster/web-staging`,
      status: 'ACTIVE',
    });

    expect(cluster).toMatchObject({
      urn: `codex:aws:${ACCOUNT}:eu-west-1:ecs/cluster/web-staging`,
      name: 'web-staging',
      state: 'active',
    });
  });
});
