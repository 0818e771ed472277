import type { EntityManager } from 'typeorm';

/** A resource's cost over the last 30 days (UTC, today excluded), in its billing currency. */
export interface RecentCost {
  days: number;
  currency: string;
  billed: string;
  effective: string;
}

export const RECENT_COST_DAYS = 30;

/** The recent cost of each URN that has any, from the daily resource rollup. */
export async function recentCosts(
  manager: EntityManager,
  tenantId: string,
  urns: string[],
): Promise<Map<string, RecentCost>> {
  if (urns.length === 0) return new Map();
  const rows = await manager.query<
    { urn: string; currency: string; billed: string; effective: string }[]
  >(
    `SELECT resource_urn AS urn, billing_currency AS currency,
            ROUND(SUM(billed_cost), 2)::text AS billed, ROUND(SUM(effective_cost), 2)::text AS effective
       FROM cost_daily_resources
      WHERE tenant_id = $1 AND resource_urn = ANY($2::varchar[])
        AND day >= (now() AT TIME ZONE 'UTC')::date - ${RECENT_COST_DAYS}
        AND day < (now() AT TIME ZONE 'UTC')::date
      GROUP BY resource_urn, billing_currency
      ORDER BY resource_urn, SUM(effective_cost) DESC`,
    [tenantId, urns],
  );
  const costs = new Map<string, RecentCost>();
  for (const row of rows) {
    if (!costs.has(row.urn)) {
      costs.set(row.urn, {
        days: RECENT_COST_DAYS,
        currency: row.currency,
        billed: row.billed,
        effective: row.effective,
      });
    }
  }
  return costs;
}
