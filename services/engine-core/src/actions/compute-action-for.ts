import type { JsonObject } from '@bufbuild/protobuf';

import type { ComputeAction } from '../compute/ports';
import { parseAwsResourceUrn } from '../providers/aws';

export type Translation =
  { action: ComputeAction; externalAccountId: string } | { refusal: string };

/**
 * Whether engine-core executes actions on this target: AWS compute resources.
 * Any other target is another executor's, and engine-core leaves it alone.
 */
export function ownsTarget(targetUrn: string): boolean {
  return parseAwsResourceUrn(targetUrn) !== undefined;
}

/** The AWS operation an `action.requested` asks for, or why it cannot be done here. */
export function computeActionFor(
  targetUrn: string,
  actionType: string,
  params: JsonObject | undefined,
): Translation {
  const address = parseAwsResourceUrn(targetUrn);
  if (!address) return { refusal: `${targetUrn} is not an AWS compute resource` };
  const { region, resourceType, resourceId, accountId } = address;
  const done = (action: ComputeAction): Translation => ({ action, externalAccountId: accountId });
  if (resourceType === 'ec2/instance') {
    switch (actionType) {
      case 'start':
        return done({ kind: 'ec2.start', region, instanceId: resourceId });
      case 'stop':
        return done({ kind: 'ec2.stop', region, instanceId: resourceId });
      case 'reboot':
        return done({ kind: 'ec2.reboot', region, instanceId: resourceId });
      case 'resize': {
        const instanceType = params?.instanceType;
        if (typeof instanceType !== 'string')
          return { refusal: 'resize needs params.instanceType' };
        return done({ kind: 'ec2.resize', region, instanceId: resourceId, instanceType });
      }
      default:
        break;
    }
  }
  if (resourceType === 'ecs/service' && actionType === 'scale') {
    const desiredCount = params?.desiredCount;
    const [cluster, service] = resourceId.split('/');
    if (typeof desiredCount !== 'number' || !cluster || !service) {
      return { refusal: 'scale needs params.desiredCount and a cluster/service target' };
    }
    return done({ kind: 'ecs.scale', region, cluster, service, desiredCount });
  }
  return { refusal: `${actionType} is not an action for a ${resourceType}` };
}
