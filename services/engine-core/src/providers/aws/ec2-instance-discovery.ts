import { type EC2Client, type Instance, paginateDescribeInstances } from '@aws-sdk/client-ec2';
import { awsUrns } from '@codex/connectors';

import { definedAttributes } from '../../compute/defined-attributes';
import type { DiscoveredResource } from '../../compute/ports';

/** Every state but `terminated`, which AWS keeps listing for about an hour after the fact. */
const LIVE_STATES = ['pending', 'running', 'shutting-down', 'stopping', 'stopped'];

/** The region's instances, one DescribeInstances page at a time. */
export async function* discoverInstances(
  client: EC2Client,
  accountId: string,
  region: string,
  pageSize: number,
  onPage: (resources: number) => void,
): AsyncGenerator<DiscoveredResource> {
  const pages = paginateDescribeInstances(
    { client, pageSize },
    { Filters: [{ Name: 'instance-state-name', Values: LIVE_STATES }] },
  );
  for await (const page of pages) {
    const instances = (page.Reservations ?? [])
      .flatMap((reservation) => reservation.Instances ?? [])
      .filter((instance) => instance.InstanceId && instance.State?.Name !== 'terminated');
    onPage(instances.length);
    for (const instance of instances) {
      yield toDiscoveredInstance(accountId, region, instance);
    }
  }
}

export function toDiscoveredInstance(
  accountId: string,
  region: string,
  instance: Instance,
): DiscoveredResource {
  const instanceId = instance.InstanceId ?? '';
  const tags = Object.fromEntries(
    (instance.Tags ?? []).map(({ Key, Value }) => [Key ?? '', Value ?? '']),
  );
  return {
    urn: awsUrns.format({
      accountId,
      region,
      resourceType: 'ec2/instance',
      resourceId: instanceId,
    }),
    provider: 'aws',
    accountId,
    region,
    resourceType: 'ec2/instance',
    name: tags.Name || instanceId,
    tags,
    state: instance.State?.Name ?? 'unknown',
    attributes: definedAttributes({
      instanceType: instance.InstanceType,
      availabilityZone: instance.Placement?.AvailabilityZone,
      privateIp: instance.PrivateIpAddress,
      launchTime: instance.LaunchTime?.toISOString(),
      imageId: instance.ImageId,
    }),
  };
}
