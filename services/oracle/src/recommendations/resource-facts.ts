import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

import type { ResourceFacts } from './recommend';

/** The resource types some rule speaks about. */
const RECOMMENDABLE_TYPES = [
  'ec2/instance',
  'ecs/service',
  'compute/virtualMachine',
  'compute/virtualMachineScaleSet',
  's3/bucket',
  'storage/bucket',
  'storage/container',
];

interface ResourceRow {
  urn: string;
  provider: string;
  region: string;
  resource_type: string;
  state: string;
  tags: Record<string, string>;
  attributes: Record<string, unknown>;
}

/** Reads, for one tenant, each live resource with its CPU samples and average daily cost over the window. */
@Injectable()
export class ResourceFactsReader {
  async read(
    manager: EntityManager,
    tenantId: string,
    windowDays: number,
  ): Promise<ResourceFacts[]> {
    const resources = await manager.query<ResourceRow[]>(
      `SELECT urn, provider, region, resource_type, state, tags, attributes FROM known_resources
        WHERE tenant_id = $1 AND deleted_at IS NULL AND resource_type = ANY($2::varchar[])`,
      [tenantId, RECOMMENDABLE_TYPES],
    );
    const cpu = await manager.query<
      { resource_urn: string; vals: number[]; first_at: Date; last_at: Date }[]
    >(
      `SELECT d.resource_urn, array_agg(s.value ORDER BY s.at) AS vals,
              min(s.at) AS first_at, max(s.at) AS last_at
         FROM metric_days d
        CROSS JOIN LATERAL (
          SELECT (d.day::timestamp AT TIME ZONE 'UTC') + u.offset_ms * interval '1 millisecond' AS at,
                 u.value
            FROM unnest(d.offsets_ms, d.samples) AS u(offset_ms, value)) s
        WHERE d.tenant_id = $1 AND d.metric = 'cpu_utilization'
          AND d.day >= (now() AT TIME ZONE 'UTC')::date - $2::int
          AND s.at >= now() - make_interval(days => $2)
        GROUP BY d.resource_urn`,
      [tenantId, windowDays],
    );
    const costs = await manager.query<{ resource_urn: string; currency: string; daily: string }[]>(
      `SELECT resource_urn, currency, sum(cost) / count(DISTINCT day) AS daily FROM cost_lines
        WHERE tenant_id = $1 AND resource_urn <> '' AND day >= current_date - $2::int
        GROUP BY resource_urn, currency`,
      [tenantId, windowDays],
    );
    const cpuByUrn = new Map(cpu.map((row) => [row.resource_urn, row]));
    const costByUrn = new Map(costs.map((row) => [row.resource_urn, row]));
    return resources.map((row) => {
      const samples = cpuByUrn.get(row.urn);
      const cost = costByUrn.get(row.urn);
      return {
        urn: row.urn,
        provider: row.provider,
        region: row.region,
        resourceType: row.resource_type,
        state: row.state,
        tags: row.tags,
        attributes: row.attributes,
        cpu: samples
          ? { values: samples.vals, firstAt: samples.first_at, lastAt: samples.last_at }
          : undefined,
        dailyCost: cost
          ? { amount: Number(cost.daily), currency: cost.currency.trim() }
          : undefined,
      };
    });
  }
}
