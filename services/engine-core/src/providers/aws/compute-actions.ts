import { EC2Client } from '@aws-sdk/client-ec2';
import { ECSClient } from '@aws-sdk/client-ecs';
import {
  type AwsAccountAccess,
  type AwsClientPool,
  ProviderError,
  toAwsProviderError,
} from '@codex/connectors';

import type { ComputeAction, ComputeActionsPort, VerifiedAction } from '../../compute/ports';
import { Ec2InstanceActions, type InstanceOutcome } from './ec2-instance-actions';
import { toDiscoveredInstance } from './ec2-instance-discovery';
import { toDiscoveredService } from './ecs-discovery';
import { scaleService, type ServiceOutcome } from './ecs-service-actions';

/**
 * Changes to EC2 instances and ECS services, each verified by reading the target again; that
 * read is mapped exactly as discovery maps it, so the target's new state can be published.
 * Running an action once per idempotency key is the caller's duty: AWS's start, stop and
 * reboot take no client token.
 */
export class AwsComputeActions implements ComputeActionsPort<AwsAccountAccess> {
  constructor(
    private readonly clients: AwsClientPool,
    private readonly instances = new Ec2InstanceActions(),
  ) {}

  async execute(access: AwsAccountAccess, action: ComputeAction): Promise<VerifiedAction> {
    try {
      if (action.target.resourceType === 'ec2/instance')
        return await this.onInstance(access, action);
      if (action.target.resourceType === 'ecs/service' && action.name === 'scale') {
        return await this.scale(access, action);
      }
    } catch (error) {
      throw toAwsProviderError(error);
    }
    throw new ProviderError(
      'invalid',
      `${action.name} is not an action of an AWS ${action.target.resourceType}`,
      {
        provider: 'aws',
        providerCode: 'UnsupportedAction',
      },
    );
  }

  private async onInstance(
    access: AwsAccountAccess,
    action: ComputeAction,
  ): Promise<VerifiedAction> {
    const { region, resourceId: instanceId } = action.target;
    const ec2 = this.clients.client(EC2Client, access, region);
    const verified = ({ before, after, instance: read, observedAt }: InstanceOutcome) => ({
      before,
      after,
      target: toDiscoveredInstance(access.accountId, region, read),
      observedAt,
    });
    switch (action.name) {
      case 'start':
        return verified(await this.instances.start(ec2, instanceId));
      case 'stop':
        return verified(await this.instances.stop(ec2, instanceId));
      case 'reboot':
        return verified(await this.instances.reboot(ec2, instanceId));
      case 'resize':
        return verified(
          await this.instances.resize(ec2, instanceId, stringParam(action, 'instanceType')),
        );
      case 'scale':
      case 'deallocate':
      case 'restart':
        throw new ProviderError('invalid', `an EC2 instance has no ${action.name} action`, {
          provider: 'aws',
          providerCode: 'UnsupportedAction',
        });
    }
  }

  private async scale(access: AwsAccountAccess, action: ComputeAction): Promise<VerifiedAction> {
    const { region, resourceId } = action.target;
    const [cluster = '', service = ''] = resourceId.split('/');
    const {
      before,
      after,
      service: read,
      observedAt,
    }: ServiceOutcome = await scaleService(
      this.clients.client(ECSClient, access, region),
      cluster,
      service,
      Number(action.params.desiredCount),
    );
    return {
      before,
      after,
      target: toDiscoveredService(access.accountId, region, read),
      observedAt,
    };
  }
}

/** A parameter the catalogue's schema already required to be a string. */
function stringParam(action: ComputeAction, name: string): string {
  const value = action.params[name];
  if (typeof value !== 'string') {
    throw new ProviderError('invalid', `${action.name} needs params.${name}`, {
      provider: 'aws',
      providerCode: 'MissingParameter',
    });
  }
  return value;
}
