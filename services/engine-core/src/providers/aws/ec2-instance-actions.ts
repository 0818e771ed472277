import {
  DescribeInstancesCommand,
  type EC2Client,
  type Instance,
  ModifyInstanceAttributeCommand,
  RebootInstancesCommand,
  StartInstancesCommand,
  StopInstancesCommand,
  waitUntilInstanceRunning,
  waitUntilInstanceStopped,
} from '@aws-sdk/client-ec2';
import { ProviderError, verificationFailed } from '@codex/connectors';

import type { ActionOutcome, InstanceSummary } from '../../compute/ports';

export interface WaiterSettings {
  minDelaySeconds: number;
  maxDelaySeconds: number;
  maxWaitSeconds: number;
}

export const DEFAULT_WAITER_SETTINGS: WaiterSettings = {
  minDelaySeconds: 5,
  maxDelaySeconds: 15,
  maxWaitSeconds: 600,
};

/** The outcome, with the instance as the verifying read described it and when that read answered. */
export interface InstanceOutcome extends ActionOutcome<InstanceSummary> {
  instance: Instance;
  observedAt: Date;
}

/** Start, stop, reboot and resize of one EC2 instance, each confirmed by describing it again. */
export class Ec2InstanceActions {
  constructor(private readonly waiter: WaiterSettings = DEFAULT_WAITER_SETTINGS) {}

  async start(client: EC2Client, instanceId: string): Promise<InstanceOutcome> {
    const before = await describeInstance(client, instanceId);
    await client.send(new StartInstancesCommand({ InstanceIds: [instanceId] }));
    await this.untilRunning(client, instanceId);
    return verified(client, instanceId, before, { state: 'running' });
  }

  async stop(client: EC2Client, instanceId: string): Promise<InstanceOutcome> {
    const before = await describeInstance(client, instanceId);
    await client.send(new StopInstancesCommand({ InstanceIds: [instanceId] }));
    await this.untilStopped(client, instanceId);
    return verified(client, instanceId, before, { state: 'stopped' });
  }

  async reboot(client: EC2Client, instanceId: string): Promise<InstanceOutcome> {
    const before = await describeInstance(client, instanceId);
    await client.send(new RebootInstancesCommand({ InstanceIds: [instanceId] }));
    await this.untilRunning(client, instanceId);
    return verified(client, instanceId, before, { state: 'running' });
  }

  /** AWS changes the type of stopped instances only: a running one is stopped, resized and started. */
  async resize(
    client: EC2Client,
    instanceId: string,
    instanceType: string,
  ): Promise<InstanceOutcome> {
    const before = await describeInstance(client, instanceId);
    if (before.instanceType === instanceType) {
      return verified(client, instanceId, before, { instanceType });
    }
    const wasRunning = before.state === 'running' || before.state === 'pending';
    if (before.state === 'pending') {
      await this.untilRunning(client, instanceId);
    }
    if (wasRunning) {
      await client.send(new StopInstancesCommand({ InstanceIds: [instanceId] }));
    }
    await this.untilStopped(client, instanceId);
    await client.send(
      new ModifyInstanceAttributeCommand({
        InstanceId: instanceId,
        InstanceType: { Value: instanceType },
      }),
    );
    if (wasRunning) {
      await client.send(new StartInstancesCommand({ InstanceIds: [instanceId] }));
      await this.untilRunning(client, instanceId);
    }
    return verified(client, instanceId, before, {
      state: wasRunning ? 'running' : 'stopped',
      instanceType,
    });
  }

  private async untilRunning(client: EC2Client, instanceId: string): Promise<void> {
    await waitUntilInstanceRunning(this.waiterConfig(client), { InstanceIds: [instanceId] });
  }

  private async untilStopped(client: EC2Client, instanceId: string): Promise<void> {
    await waitUntilInstanceStopped(this.waiterConfig(client), { InstanceIds: [instanceId] });
  }

  private waiterConfig(client: EC2Client) {
    return {
      client,
      minDelay: this.waiter.minDelaySeconds,
      maxDelay: this.waiter.maxDelaySeconds,
      maxWaitTime: this.waiter.maxWaitSeconds,
    };
  }
}

async function describeInstance(client: EC2Client, instanceId: string): Promise<InstanceSummary> {
  return summaryOf(await readInstance(client, instanceId));
}

async function readInstance(client: EC2Client, instanceId: string): Promise<Instance> {
  const { Reservations = [] } = await client.send(
    new DescribeInstancesCommand({ InstanceIds: [instanceId] }),
  );
  const instance = Reservations.flatMap((reservation) => reservation.Instances ?? [])[0];
  if (!instance) {
    throw new ProviderError('not_found', `The instance ID '${instanceId}' does not exist`, {
      provider: 'aws',
      providerCode: 'InvalidInstanceID.NotFound',
    });
  }
  return instance;
}

function summaryOf(instance: Instance): InstanceSummary {
  return {
    state: instance.State?.Name ?? 'unknown',
    instanceType: instance.InstanceType ?? 'unknown',
  };
}

async function verified(
  client: EC2Client,
  instanceId: string,
  before: InstanceSummary,
  expected: Partial<InstanceSummary>,
): Promise<InstanceOutcome> {
  const instance = await readInstance(client, instanceId);
  const observedAt = new Date();
  const after = summaryOf(instance);
  const mismatch = Object.entries(expected).filter(
    ([field, value]) => after[field as keyof InstanceSummary] !== value,
  );
  if (mismatch.length > 0) {
    throw verificationFailed(
      'aws',
      `Instance ${instanceId} is ${JSON.stringify(after)}, expected ${JSON.stringify(expected)}`,
    );
  }
  return { before, after, instance, observedAt };
}
