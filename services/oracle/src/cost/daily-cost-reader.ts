import type { EntityManager } from 'typeorm';

import type { DailyCostLine } from '../anomalies/cost/daily-cost-series';

/** How far back the analysis reads: enough for a baseline, a forecast's seasonality and a quarter of anomalies. */
export const ANALYSIS_DAYS = 180;

/**
 * A tenant's daily cost per resource over the analysed window, as effective (amortised)
 * cost: a commitment's purchase is spread over what it covers, so it is no spike.
 */
export async function readDailyCost(
  manager: EntityManager,
  tenantId: string,
): Promise<(DailyCostLine & { billed: number })[]> {
  const rows = await manager.query<
    {
      day: string;
      provider: string;
      account_id: string;
      service: string;
      resource_id: string;
      resource_urn: string;
      tags: Record<string, string>;
      cost: number;
      billed: number;
      currency: string;
    }[]
  >(
    `SELECT day::text AS day, provider, account_id, service, resource_id, resource_urn, tags,
            amortized_cost::float8 AS cost, cost::float8 AS billed, currency
       FROM cost_lines
      WHERE tenant_id = $1
        AND day > (SELECT max(day) FROM cost_lines WHERE tenant_id = $1) - $2::int`,
    [tenantId, ANALYSIS_DAYS],
  );
  return rows.map((row) => ({
    day: row.day,
    provider: row.provider,
    accountId: row.account_id,
    service: row.service,
    resourceId: row.resource_id,
    resourceUrn: row.resource_urn,
    tags: row.tags,
    cost: row.cost,
    billed: row.billed,
    currency: row.currency,
  }));
}
