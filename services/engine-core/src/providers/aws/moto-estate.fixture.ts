import { randomBytes, randomInt } from 'node:crypto';

import { CloudWatchClient, PutMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import {
  type _InstanceType,
  DescribeInstancesCommand,
  EC2Client,
  RunInstancesCommand,
  type Tag,
  TerminateInstancesCommand,
} from '@aws-sdk/client-ec2';
import {
  CreateClusterCommand,
  CreateServiceCommand,
  DescribeServicesCommand,
  ECSClient,
  RegisterTaskDefinitionCommand,
} from '@aws-sdk/client-ecs';
import {
  AccountBreakers,
  type AwsAccountAccess,
  AwsClientPool,
  type AwsClientSettings,
  DEFAULT_AWS_CLIENT_SETTINGS,
} from '@codex/connectors';
import { localInfra } from '@codex/testing';

/** moto accepts any key pair as Codex's own identity; assumed roles land in the role's account. */
export const MOTO_CLIENT_SETTINGS: AwsClientSettings = {
  ...DEFAULT_AWS_CLIENT_SETTINGS,
  platformCredentials: { accessKeyId: 'codex-test', secretAccessKey: 'codex-test' },
};

const UBUNTU_AMI = 'ami-1e749f67';

export interface LaunchOptions {
  instanceType?: _InstanceType;
  tags?: Record<string, string>;
}

/**
 * A fresh, empty AWS account on the shared moto server: moto keeps each account assumed
 * through STS apart, so tests never see each other's resources nor the sandbox seed.
 */
export function freshMotoAccount(
  regions: string[],
  endpoint = localInfra().motoUrl,
): AwsAccountAccess {
  const accountId = String(randomInt(100_000_000_000, 999_999_999_999));
  return {
    provider: 'aws',
    accountId,
    regions,
    endpoint,
    credentials: {
      kind: 'assume-role',
      roleArn: `arn:aws:iam::${accountId}:role/codex-discovery`,
      externalId: randomBytes(8).toString('hex'),
    },
  };
}

/** Builds resources in a moto account for a test, straight through the SDK. */
export class MotoEstate {
  private readonly clients = new AwsClientPool(new AccountBreakers(), MOTO_CLIENT_SETTINGS);

  constructor(private readonly access: AwsAccountAccess) {}

  /** Launches instances one reservation each, as separate launches page separately in EC2. */
  async launchInstances(
    region: string,
    count: number,
    { instanceType = 't3.micro', tags = {} }: LaunchOptions = {},
  ): Promise<string[]> {
    const ids: string[] = [];
    for (let index = 0; index < count; index += 1) {
      const { Instances = [] } = await this.clients.client(EC2Client, this.access, region).send(
        new RunInstancesCommand({
          ImageId: UBUNTU_AMI,
          InstanceType: instanceType,
          MinCount: 1,
          MaxCount: 1,
          TagSpecifications:
            Object.keys(tags).length > 0
              ? [{ ResourceType: 'instance', Tags: toEc2Tags(tags) }]
              : undefined,
        }),
      );
      ids.push(...Instances.map((instance) => instance.InstanceId ?? ''));
    }
    return ids;
  }

  async terminate(region: string, instanceIds: string[]): Promise<void> {
    await this.clients
      .client(EC2Client, this.access, region)
      .send(new TerminateInstancesCommand({ InstanceIds: instanceIds }));
  }

  async createService(
    region: string,
    cluster: string,
    service: string,
    desiredCount: number,
    tags: Record<string, string> = {},
  ): Promise<void> {
    const ecs = this.clients.client(ECSClient, this.access, region);
    const ecsTags = Object.entries(tags).map(([key, value]) => ({ key, value }));
    await ecs.send(new CreateClusterCommand({ clusterName: cluster, tags: ecsTags }));
    await ecs.send(
      new RegisterTaskDefinitionCommand({
        family: service,
        containerDefinitions: [{ name: service, image: 'nginx:stable', memory: 256 }],
      }),
    );
    await ecs.send(
      new CreateServiceCommand({
        cluster,
        serviceName: service,
        taskDefinition: service,
        desiredCount,
        launchType: 'FARGATE',
        tags: ecsTags,
      }),
    );
  }

  async putCpu(region: string, instanceId: string, points: Array<{ at: Date; percent: number }>) {
    await this.clients.client(CloudWatchClient, this.access, region).send(
      new PutMetricDataCommand({
        Namespace: 'AWS/EC2',
        MetricData: points.map(({ at, percent }) => ({
          MetricName: 'CPUUtilization',
          Dimensions: [{ Name: 'InstanceId', Value: instanceId }],
          Timestamp: at,
          Value: percent,
          Unit: 'Percent',
        })),
      }),
    );
  }

  /** The instance's state and type as EC2 reports it now. */
  async instance(region: string, instanceId: string) {
    const { Reservations = [] } = await this.clients
      .client(EC2Client, this.access, region)
      .send(new DescribeInstancesCommand({ InstanceIds: [instanceId] }));
    const instance = Reservations[0]?.Instances?.[0];
    return { state: instance?.State?.Name, instanceType: instance?.InstanceType };
  }

  async desiredCount(region: string, cluster: string, service: string) {
    const { services = [] } = await this.clients
      .client(ECSClient, this.access, region)
      .send(new DescribeServicesCommand({ cluster, services: [service] }));
    return services[0]?.desiredCount;
  }

  destroy(): void {
    this.clients.destroy();
  }
}

function toEc2Tags(tags: Record<string, string>): Tag[] {
  return Object.entries(tags).map(([Key, Value]) => ({ Key, Value }));
}

export async function collect<T>(stream: AsyncIterable<T>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of stream) items.push(item);
  return items;
}
