import { EC2Client } from '@aws-sdk/client-ec2';
import { ECSClient } from '@aws-sdk/client-ecs';
import {
  type AwsAccountAccess,
  type AwsClientPool,
  type AwsResourceType,
  toAwsProviderError,
} from '@codex/connectors';

import { mergeWithLimit } from '../../compute/async-streams';
import type {
  ComputeDiscoveryPort,
  DiscoveredResource,
  DiscoveryProgress,
  ProgressListener,
} from '../../compute/ports';
import { discoverInstances } from './ec2-instance-discovery';
import { discoverEcs } from './ecs-discovery';

export interface DiscoverySettings {
  /** DescribeInstances page size, 5 to 1000. */
  ec2PageSize: number;
  /** ListClusters and ListServices page size, 1 to 100. */
  ecsPageSize: number;
  /** How many (region, service) listings run at the same time. */
  concurrency: number;
}

export const DEFAULT_DISCOVERY_SETTINGS: DiscoverySettings = {
  ec2PageSize: 1000,
  ecsPageSize: 100,
  concurrency: 4,
};

/**
 * EC2 instances, ECS clusters and ECS services of one account across its regions, streamed
 * page by page while the regions are read in parallel. Any failure ends the stream with a
 * ProviderError, so a partial listing is never mistaken for a complete one.
 */
export class AwsComputeDiscovery implements ComputeDiscoveryPort<AwsAccountAccess> {
  constructor(
    private readonly clients: AwsClientPool,
    private readonly settings: DiscoverySettings = DEFAULT_DISCOVERY_SETTINGS,
  ) {}

  async *discover(
    access: AwsAccountAccess,
    onProgress: ProgressListener = () => undefined,
  ): AsyncGenerator<DiscoveredResource> {
    const { accountId } = access;
    const pages = (region: string, resourceType: AwsResourceType) =>
      pageCounter({ accountId, region, resourceType, pages: 0, resources: 0 }, onProgress);
    const sources = access.regions.flatMap((region) => [
      () =>
        discoverInstances(
          this.clients.client(EC2Client, access, region),
          accountId,
          region,
          this.settings.ec2PageSize,
          pages(region, 'ec2/instance'),
        ),
      () =>
        discoverEcs(
          this.clients.client(ECSClient, access, region),
          accountId,
          region,
          this.settings.ecsPageSize,
          {
            clusters: pages(region, 'ecs/cluster'),
            services: pages(region, 'ecs/service'),
          },
        ),
    ]);
    try {
      yield* mergeWithLimit(sources, this.settings.concurrency);
    } catch (error) {
      throw toAwsProviderError(error);
    }
  }
}

function pageCounter(progress: DiscoveryProgress, listener: ProgressListener) {
  return (resources: number) => {
    progress.pages += 1;
    progress.resources += resources;
    listener({ ...progress });
  };
}
