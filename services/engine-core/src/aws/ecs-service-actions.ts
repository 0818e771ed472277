import { DescribeServicesCommand, type ECSClient, UpdateServiceCommand } from '@aws-sdk/client-ecs';

import type { ActionOutcome, ServiceSummary } from './ports';
import { ProviderError, VERIFICATION_FAILED } from './provider-error';

/** Sets an ECS service's desired task count and confirms ECS recorded it. */
export async function scaleService(
  client: ECSClient,
  cluster: string,
  service: string,
  desiredCount: number,
): Promise<ActionOutcome<ServiceSummary>> {
  const before = await describeService(client, cluster, service);
  await client.send(new UpdateServiceCommand({ cluster, service, desiredCount }));
  const after = await describeService(client, cluster, service);
  if (after.desiredCount !== desiredCount) {
    throw new ProviderError(
      VERIFICATION_FAILED,
      `Service ${cluster}/${service} wants ${after.desiredCount} tasks, expected ${desiredCount}`,
      false,
    );
  }
  return { before, after };
}

export async function describeService(
  client: ECSClient,
  cluster: string,
  service: string,
): Promise<ServiceSummary> {
  const { services = [], failures = [] } = await client.send(
    new DescribeServicesCommand({ cluster, services: [service] }),
  );
  const found = services[0];
  if (!found) {
    const reason = failures[0]?.reason ?? 'MISSING';
    throw new ProviderError(
      'ServiceNotFoundException',
      `Service ${cluster}/${service} not found: ${reason}`,
      false,
    );
  }
  return {
    status: (found.status ?? 'unknown').toLowerCase(),
    desiredCount: found.desiredCount ?? 0,
    runningCount: found.runningCount ?? 0,
  };
}
