import type { EntityManager } from 'typeorm';

import type { CostAnomalyEpisode } from './detect-cost-anomalies';

const AROUND_DAYS = 3;

/**
 * What happened around a cost anomaly in the account: resources that appeared or went away
 * in the inventory, and actions that finished, from a few days before its start to its end.
 */
export async function surroundings(
  manager: EntityManager,
  tenantId: string,
  episode: CostAnomalyEpisode,
): Promise<Record<string, unknown>> {
  const from = new Date(Date.parse(`${episode.startDay}T00:00:00Z`) - AROUND_DAYS * 86_400_000);
  const to = new Date(Date.parse(`${episode.endDay}T00:00:00Z`) + 86_400_000);
  const urns = [...episode.service.resources.values()]
    .map((resource) => resource.urn)
    .filter(Boolean);
  const inventoryChanges = await manager.query<{ urn: string; change: string; at: Date }[]>(
    `SELECT urn, 'appeared' AS change, first_seen_at AS at FROM known_resources
      WHERE tenant_id = $1 AND urn = ANY($2) AND first_seen_at BETWEEN $3 AND $4
     UNION ALL
     SELECT urn, 'deleted', deleted_at FROM known_resources
      WHERE tenant_id = $1 AND urn = ANY($2) AND deleted_at BETWEEN $3 AND $4
     ORDER BY at LIMIT 20`,
    [tenantId, urns, from, to],
  );
  const actions = await manager.query<
    {
      action_id: string;
      target_urn: string;
      action_type: string;
      outcome: string;
      completed_at: Date;
    }[]
  >(
    `SELECT action_id, target_urn, action_type, outcome, completed_at FROM action_outcomes
      WHERE tenant_id = $1 AND target_urn = ANY($2) AND completed_at BETWEEN $3 AND $4
      ORDER BY completed_at LIMIT 20`,
    [tenantId, urns, from, to],
  );
  return {
    inventoryChanges: inventoryChanges.map((row) => ({
      ...row,
      at: new Date(row.at).toISOString(),
    })),
    actions: actions.map((row) => ({
      actionId: row.action_id,
      targetUrn: row.target_urn,
      type: row.action_type,
      outcome: row.outcome,
      completedAt: new Date(row.completed_at).toISOString(),
    })),
  };
}
