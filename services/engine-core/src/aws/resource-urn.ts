export type AwsResourceType = 'ec2/instance' | 'ecs/cluster' | 'ecs/service';

export interface AwsResourceAddress {
  accountId: string;
  region: string;
  resourceType: AwsResourceType;
  /** Instance id, ECS cluster name, or `cluster/service` for an ECS service. */
  resourceId: string;
}

/** The contract's form (resource.proto): codex:<provider>:<account>:<region>:<type>/<id>. */
const PREFIX = 'codex:aws';
const RESOURCE_TYPES: readonly string[] = ['ec2/instance', 'ecs/cluster', 'ecs/service'];

export function awsResourceUrn({
  accountId,
  region,
  resourceType,
  resourceId,
}: AwsResourceAddress): string {
  return `${PREFIX}:${accountId}:${region}:${resourceType}/${resourceId}`;
}

/** The address inside an AWS URN, or undefined when the text is not one. */
export function parseAwsResourceUrn(urn: string): AwsResourceAddress | undefined {
  if (!urn.startsWith(`${PREFIX}:`)) {
    return undefined;
  }
  const [accountId, region, ...pathParts] = urn.slice(PREFIX.length + 1).split(':');
  const path = pathParts.join(':');
  const [service, kind, ...idParts] = path.split('/');
  const resourceType = `${service ?? ''}/${kind ?? ''}`;
  const resourceId = idParts.join('/');
  if (!accountId || !region || !resourceId || !isResourceType(resourceType)) {
    return undefined;
  }
  return { accountId, region, resourceType, resourceId };
}

/** The last path part of an ARN: `arn:aws:ecs:eu-west-1:123456789012:cluster/web` gives `web`. */
export function arnLastPathPart(arn: string): string {
  return arn.slice(arn.lastIndexOf('/') + 1);
}

function isResourceType(value: string): value is AwsResourceType {
  return RESOURCE_TYPES.includes(value);
}
