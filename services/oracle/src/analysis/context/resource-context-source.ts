import { ACTION_CATALOGUE } from '@codex/contracts';
import type { EntityManager } from 'typeorm';

import { KnownResource } from '../../resources/known-resource.entity';
import type {
  AnalysisContext,
  AnalysisContextSource,
  ContextItem,
} from './analysis-context-source';

const COST_DAYS = 30;
const ATTRIBUTES_CHARS = 1500;

/**
 * A resource as the oracle knows it from the inventory stream: what it is, its tags and
 * attributes, and its cost of the last 30 days by day from the cost stream.
 */
export class ResourceContextSource implements AnalysisContextSource {
  readonly kind = 'resource' as const;

  async load(
    manager: EntityManager,
    tenantId: string,
    urn: string,
  ): Promise<AnalysisContext | undefined> {
    const resource = await manager.findOneBy(KnownResource, { tenantId, urn });
    if (!resource) return undefined;
    const items: ContextItem[] = [
      {
        id: urn,
        text: [
          `urn=${urn}`,
          `name=${resource.name}`,
          `provider=${resource.provider}`,
          `type=${resource.resourceType}`,
          `region=${resource.region}`,
          `state=${resource.state}`,
          resource.deletedAt ? `deleted=${resource.deletedAt.toISOString()}` : '',
          `firstSeen=${resource.firstSeenAt.toISOString()}`,
        ]
          .filter(Boolean)
          .join(' '),
        targetUrn: urn,
        actionTypes: ACTION_CATALOGUE.actionsFor(resource.provider, resource.resourceType),
      },
    ];
    const tags = Object.entries(resource.tags);
    if (tags.length > 0) {
      items.push({
        id: `${urn}#tags`,
        text: `tags: ${tags.map(([k, v]) => `${k}=${v}`).join(', ')}`,
      });
    }
    if (Object.keys(resource.attributes).length > 0) {
      items.push({
        id: `${urn}#attributes`,
        text: `attributes: ${JSON.stringify(resource.attributes).slice(0, ATTRIBUTES_CHARS)}`,
      });
    }
    items.push(...(await costItems(manager, tenantId, urn)));
    return { subject: `resource ${resource.name} (${resource.resourceType})`, items };
  }
}

async function costItems(
  manager: EntityManager,
  tenantId: string,
  urn: string,
): Promise<ContextItem[]> {
  const rows = await manager.query<{ day: string; currency: string; cost: string }[]>(
    `SELECT day::text AS day, currency, sum(cost)::text AS cost FROM cost_lines
      WHERE tenant_id = $1 AND resource_urn = $2 AND day >= current_date - $3::int
      GROUP BY day, currency ORDER BY day`,
    [tenantId, urn, COST_DAYS],
  );
  return rows.map((row) => ({
    id: `${urn}#cost/${row.day}`,
    text: `cost on ${row.day}: ${Number(row.cost).toFixed(4)} ${row.currency}`,
  }));
}
