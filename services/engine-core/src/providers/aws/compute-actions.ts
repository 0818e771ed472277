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
      return await this.perform(access, action);
    } catch (error) {
      throw namingAwsCode(toAwsProviderError(error));
    }
  }

  private async perform(access: AwsAccountAccess, action: ComputeAction): Promise<VerifiedAction> {
    const ec2 = () => this.clients.client(EC2Client, access, action.region);
    const instance = ({ before, after, instance: read, observedAt }: InstanceOutcome) => ({
      before,
      after,
      target: toDiscoveredInstance(access.accountId, action.region, read),
      observedAt,
    });
    switch (action.kind) {
      case 'ec2.start':
        return instance(await this.instances.start(ec2(), action.instanceId));
      case 'ec2.stop':
        return instance(await this.instances.stop(ec2(), action.instanceId));
      case 'ec2.reboot':
        return instance(await this.instances.reboot(ec2(), action.instanceId));
      case 'ec2.resize':
        return instance(await this.instances.resize(ec2(), action.instanceId, action.instanceType));
      case 'ecs.scale': {
        const { before, after, service, observedAt }: ServiceOutcome = await scaleService(
          this.clients.client(ECSClient, access, action.region),
          action.cluster,
          action.service,
          action.desiredCount,
        );
        return {
          before,
          after,
          target: toDiscoveredService(access.accountId, action.region, service),
          observedAt,
        };
      }
    }
  }
}

/** A person reads a failed action's message: it leads with AWS's own code, e.g. `IncorrectInstanceState: …`. */
function namingAwsCode(error: ProviderError): ProviderError {
  return new ProviderError(error.code, `${error.providerCode}: ${error.message}`, {
    provider: error.provider,
    providerCode: error.providerCode,
    ...(error.retryAfterMs === undefined ? {} : { retryAfterMs: error.retryAfterMs }),
    cause: error,
  });
}
