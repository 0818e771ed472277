import type { AwsClientPool } from './aws-client-pool';
import type { AwsAccountAccess } from './aws-credentials';
import { Ec2InstanceActions } from './ec2-instance-actions';
import { scaleService } from './ecs-service-actions';
import type { ActionOutcome, ComputeAction, ComputeActionsPort } from './ports';
import { toProviderError } from './provider-error';

/**
 * Changes to EC2 instances and ECS services, each verified by reading the target again.
 * Running an action once per idempotency key is the caller's duty: AWS's start, stop and
 * reboot take no client token.
 */
export class AwsComputeActions implements ComputeActionsPort {
  constructor(
    private readonly clients: AwsClientPool,
    private readonly instances = new Ec2InstanceActions(),
  ) {}

  async execute(access: AwsAccountAccess, action: ComputeAction): Promise<ActionOutcome> {
    try {
      return await this.perform(access, action);
    } catch (error) {
      throw toProviderError(error);
    }
  }

  private perform(access: AwsAccountAccess, action: ComputeAction): Promise<ActionOutcome> {
    const ec2 = () => this.clients.ec2(access, action.region);
    switch (action.kind) {
      case 'ec2.start':
        return this.instances.start(ec2(), action.instanceId);
      case 'ec2.stop':
        return this.instances.stop(ec2(), action.instanceId);
      case 'ec2.reboot':
        return this.instances.reboot(ec2(), action.instanceId);
      case 'ec2.resize':
        return this.instances.resize(ec2(), action.instanceId, action.instanceType);
      case 'ecs.scale':
        return scaleService(
          this.clients.ecs(access, action.region),
          action.cluster,
          action.service,
          action.desiredCount,
        );
    }
  }
}
