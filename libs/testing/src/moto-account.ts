import { randomBytes, randomInt } from 'node:crypto';

import {
  type _InstanceType,
  DescribeInstancesCommand,
  EC2Client,
  RunInstancesCommand,
  StartInstancesCommand,
  TerminateInstancesCommand,
} from '@aws-sdk/client-ec2';
import {
  CreateClusterCommand,
  CreateServiceCommand,
  ECSClient,
  RegisterTaskDefinitionCommand,
} from '@aws-sdk/client-ecs';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';

import { localInfra } from './local-infra';

const AMI = 'ami-1e749f67';
/** moto accepts any key pair as the caller's own identity. */
const PLATFORM_KEYS = { accessKeyId: 'codex-test', secretAccessKey: 'codex-test' };

export interface MotoInstance {
  id: string;
  state: string | undefined;
  instanceType: string | undefined;
}

/**
 * A fresh AWS account on the shared moto server, reached by assuming a role
 * in it: moto keeps each such account apart, so a test sees only what it
 * builds here. `role` is what Codex is given to register the account.
 */
export class MotoAccount {
  readonly accountId = String(randomInt(100_000_000_000, 999_999_999_999));
  readonly role = {
    roleArn: `arn:aws:iam::${this.accountId}:role/codex`,
    externalId: randomBytes(8).toString('hex'),
  };
  private credentials: Promise<{
    accessKeyId: string;
    secretAccessKey: string;
    sessionToken: string;
  }>;

  constructor(readonly endpoint = localInfra().motoUrl) {
    const sts = new STSClient({ region: 'us-east-1', endpoint, credentials: PLATFORM_KEYS });
    this.credentials = sts
      .send(
        new AssumeRoleCommand({
          RoleArn: this.role.roleArn,
          RoleSessionName: 'codex-test',
          ExternalId: this.role.externalId,
        }),
      )
      .then(({ Credentials }) => ({
        accessKeyId: Credentials?.AccessKeyId ?? '',
        secretAccessKey: Credentials?.SecretAccessKey ?? '',
        sessionToken: Credentials?.SessionToken ?? '',
      }));
  }

  async launch(
    region: string,
    count: number,
    instanceType: _InstanceType,
    tags: Record<string, string> = {},
  ) {
    const { Instances = [] } = await (
      await this.ec2(region)
    ).send(
      new RunInstancesCommand({
        ImageId: AMI,
        InstanceType: instanceType,
        MinCount: count,
        MaxCount: count,
        TagSpecifications: [
          {
            ResourceType: 'instance',
            Tags: Object.entries(tags).map(([Key, Value]) => ({ Key, Value })),
          },
        ],
      }),
    );
    return Instances.map((instance) => instance.InstanceId ?? '');
  }

  async createService(region: string, cluster: string, service: string, desiredCount: number) {
    const ecs = new ECSClient({
      region,
      endpoint: this.endpoint,
      credentials: await this.credentials,
    });
    await ecs.send(new CreateClusterCommand({ clusterName: cluster }));
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
      }),
    );
  }

  async terminate(region: string, ids: string[]): Promise<void> {
    await (await this.ec2(region)).send(new TerminateInstancesCommand({ InstanceIds: ids }));
  }

  async start(region: string, ids: string[]): Promise<void> {
    await (await this.ec2(region)).send(new StartInstancesCommand({ InstanceIds: ids }));
  }

  async instance(region: string, id: string): Promise<MotoInstance> {
    const { Reservations = [] } = await (
      await this.ec2(region)
    ).send(new DescribeInstancesCommand({ InstanceIds: [id] }));
    const instance = Reservations[0]?.Instances?.[0];
    return { id, state: instance?.State?.Name, instanceType: instance?.InstanceType };
  }

  /** What an SDK v3 client of this account takes, e.g. `new S3Client(await moto.clientConfig(r))`. */
  async clientConfig(region: string) {
    return { region, endpoint: this.endpoint, credentials: await this.credentials };
  }

  private async ec2(region: string): Promise<EC2Client> {
    return new EC2Client({ region, endpoint: this.endpoint, credentials: await this.credentials });
  }
}
