import { urnCodec } from '../../urns/resource-urn';

export const AWS_RESOURCE_TYPES = [
  'ec2/instance',
  'ecs/cluster',
  'ecs/service',
  's3/bucket',
] as const;
export type AwsResourceType = (typeof AWS_RESOURCE_TYPES)[number];

/**
 * AWS resources: `codex:aws:<account number>:<region>:<service>/<kind>/<id>`, where the id is
 * an instance id, an ECS cluster name, `cluster/service` for an ECS service, or a bucket name.
 */
export const awsUrns = urnCodec<AwsResourceType>('aws', AWS_RESOURCE_TYPES);

/** The last path part of an ARN: `arn:aws:ecs:eu-west-1:123456789012:cluster/web` gives `web`. */
export function arnLastPathPart(arn: string): string {
  return arn.slice(arn.lastIndexOf('/') + 1);
}
