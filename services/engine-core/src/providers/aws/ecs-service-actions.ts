import {
  DescribeServicesCommand,
  type ECSClient,
  type Service,
  UpdateServiceCommand,
} from '@aws-sdk/client-ecs';
import { ProviderError, verificationFailed } from '@codex/connectors';

import type { ActionOutcome, ServiceSummary } from '../../compute/ports';

/** The outcome, with the service as the verifying read described it and when that read answered. */
export interface ServiceOutcome extends ActionOutcome<ServiceSummary> {
  service: Service;
  observedAt: Date;
}

/** Sets an ECS service's desired task count and confirms ECS recorded it. */
export async function scaleService(
  client: ECSClient,
  cluster: string,
  service: string,
  desiredCount: number,
): Promise<ServiceOutcome> {
  const before = summaryOf(await readService(client, cluster, service));
  await client.send(new UpdateServiceCommand({ cluster, service, desiredCount }));
  const described = await readService(client, cluster, service);
  const observedAt = new Date();
  const after = summaryOf(described);
  if (after.desiredCount !== desiredCount) {
    throw verificationFailed(
      'aws',
      `Service ${cluster}/${service} wants ${after.desiredCount} tasks, expected ${desiredCount}`,
    );
  }
  return { before, after, service: described, observedAt };
}

/** The service with its tags, as discovery reads it. */
async function readService(client: ECSClient, cluster: string, service: string): Promise<Service> {
  const { services = [], failures = [] } = await client.send(
    new DescribeServicesCommand({ cluster, services: [service], include: ['TAGS'] }),
  );
  const found = services[0];
  if (!found) {
    const reason = failures[0]?.reason ?? 'MISSING';
    throw new ProviderError('not_found', `Service ${cluster}/${service} not found: ${reason}`, {
      provider: 'aws',
      providerCode: 'ServiceNotFoundException',
    });
  }
  return found;
}

function summaryOf(found: Service): ServiceSummary {
  return {
    status: (found.status ?? 'unknown').toLowerCase(),
    desiredCount: found.desiredCount ?? 0,
    runningCount: found.runningCount ?? 0,
  };
}
