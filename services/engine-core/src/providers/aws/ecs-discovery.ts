import {
  type Cluster,
  DescribeClustersCommand,
  DescribeServicesCommand,
  type ECSClient,
  paginateListClusters,
  paginateListServices,
  type Service,
  type Tag,
} from '@aws-sdk/client-ecs';
import { arnLastPathPart, awsUrns } from '@codex/connectors';

import { chunks } from '../../compute/async-streams';
import { definedAttributes } from '../../compute/defined-attributes';
import type { DiscoveredResource } from '../../compute/ports';

const DESCRIBE_CLUSTERS_LIMIT = 100;
const DESCRIBE_SERVICES_LIMIT = 10;

export interface EcsPageListeners {
  clusters: (resources: number) => void;
  services: (resources: number) => void;
}

/** The region's ECS clusters, each followed by its services, one list page at a time. */
export async function* discoverEcs(
  client: ECSClient,
  accountId: string,
  region: string,
  pageSize: number,
  onPage: EcsPageListeners,
): AsyncGenerator<DiscoveredResource> {
  for await (const page of paginateListClusters({ client, pageSize }, {})) {
    const clusters = await describeClusters(client, page.clusterArns ?? []);
    onPage.clusters(clusters.length);
    for (const cluster of clusters) {
      yield toDiscoveredCluster(accountId, region, cluster);
      yield* discoverServices(client, accountId, region, cluster, pageSize, onPage.services);
    }
  }
}

async function* discoverServices(
  client: ECSClient,
  accountId: string,
  region: string,
  cluster: Cluster,
  pageSize: number,
  onPage: (resources: number) => void,
): AsyncGenerator<DiscoveredResource> {
  const clusterArn = cluster.clusterArn ?? '';
  for await (const page of paginateListServices({ client, pageSize }, { cluster: clusterArn })) {
    const described = await Promise.all(
      chunks(page.serviceArns ?? [], DESCRIBE_SERVICES_LIMIT).map((services) =>
        client.send(
          new DescribeServicesCommand({ cluster: clusterArn, services, include: ['TAGS'] }),
        ),
      ),
    );
    const services = described.flatMap((answer) => answer.services ?? []);
    onPage(services.length);
    for (const service of services) {
      yield toDiscoveredService(accountId, region, service);
    }
  }
}

async function describeClusters(client: ECSClient, arns: string[]): Promise<Cluster[]> {
  const described = await Promise.all(
    chunks(arns, DESCRIBE_CLUSTERS_LIMIT).map((clusters) =>
      client.send(new DescribeClustersCommand({ clusters, include: ['TAGS'] })),
    ),
  );
  return described.flatMap((answer) => answer.clusters ?? []);
}

export function toDiscoveredCluster(
  accountId: string,
  region: string,
  cluster: Cluster,
): DiscoveredResource {
  const name = cluster.clusterName ?? arnLastPathPart(cluster.clusterArn ?? '');
  return {
    urn: awsUrns.format({ accountId, region, resourceType: 'ecs/cluster', resourceId: name }),
    provider: 'aws',
    accountId,
    region,
    resourceType: 'ecs/cluster',
    name,
    tags: tagRecord(cluster.tags),
    state: (cluster.status ?? 'unknown').toLowerCase(),
    attributes: definedAttributes({
      clusterArn: cluster.clusterArn,
      activeServicesCount: cluster.activeServicesCount,
      runningTasksCount: cluster.runningTasksCount,
      registeredContainerInstancesCount: cluster.registeredContainerInstancesCount,
    }),
  };
}

export function toDiscoveredService(
  accountId: string,
  region: string,
  service: Service,
): DiscoveredResource {
  const name = service.serviceName ?? arnLastPathPart(service.serviceArn ?? '');
  const clusterName = arnLastPathPart(service.clusterArn ?? '');
  return {
    urn: awsUrns.format({
      accountId,
      region,
      resourceType: 'ecs/service',
      resourceId: `${clusterName}/${name}`,
    }),
    provider: 'aws',
    accountId,
    region,
    resourceType: 'ecs/service',
    name,
    tags: tagRecord(service.tags),
    state: (service.status ?? 'unknown').toLowerCase(),
    attributes: definedAttributes({
      serviceArn: service.serviceArn,
      clusterArn: service.clusterArn,
      desiredCount: service.desiredCount,
      runningCount: service.runningCount,
      launchType: service.launchType,
    }),
  };
}

function tagRecord(tags: Tag[] | undefined): Record<string, string> {
  return Object.fromEntries((tags ?? []).map(({ key, value }) => [key ?? '', value ?? '']));
}
