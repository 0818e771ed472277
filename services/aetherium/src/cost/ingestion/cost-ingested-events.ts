import { createHash } from 'node:crypto';

import { create } from '@bufbuild/protobuf';
import { timestampFromDate, timestampNow } from '@bufbuild/protobuf/wkt';
import { providerEnum, type ProviderName } from '@codex/connectors';
import { CostGranularity, CostIngestedSchema } from '@codex/contracts';
import type { Outbox } from '@codex/messaging';
import type { EntityManager } from 'typeorm';

interface DailyResourceRow {
  day: string;
  provider: ProviderName;
  sub_account_id: string;
  service_name: string;
  region_id: string;
  resource_id: string;
  resource_urn: string | null;
  billing_currency: string;
  billed: string;
  effective: string;
  tags: Record<string, string> | null;
}

const CHUNK = 5_000;

/**
 * Publishes the period's daily cost per account, service, region and resource as
 * `cost.ingested`. A line's id is stable across restatements, so a consumer keyed by it
 * replaces the earlier figure rather than adding to it.
 */
export async function publishCostIngested(
  outbox: Outbox,
  manager: EntityManager,
  period: { tenantId: string; sourceId: string; billingPeriodStart: Date; kind: string },
): Promise<number> {
  const rows = await manager.query<DailyResourceRow[]>(
    `WITH tagged AS (
       SELECT DISTINCT ON (resource_id) resource_id, tags
         FROM cost_line_items
        WHERE tenant_id = $1 AND source_id = $2 AND billing_period_start = $3
          AND resource_id IS NOT NULL AND tags <> '{}'::jsonb
        ORDER BY resource_id, charge_period_start DESC)
     SELECT day::text AS day, provider, sub_account_id, service_name, region_id, r.resource_id,
            resource_urn, billing_currency, SUM(billed_cost)::text AS billed,
            SUM(effective_cost)::text AS effective, MIN(tagged.tags::text)::jsonb AS tags
       FROM cost_daily_resources r LEFT JOIN tagged ON tagged.resource_id = r.resource_id
      WHERE tenant_id = $1 AND source_id = $2 AND billing_period_start = $3
      GROUP BY day, provider, sub_account_id, service_name, region_id, r.resource_id, resource_urn,
               billing_currency
      ORDER BY day, sub_account_id, service_name, r.resource_id`,
    [period.tenantId, period.sourceId, period.billingPeriodStart],
  );
  const ingestedAt = timestampNow();
  for (let start = 0; start < rows.length; start += CHUNK) {
    await outbox.add(
      manager,
      'cost.ingested',
      rows.slice(start, start + CHUNK).map((row) => {
        const lineId = lineIdOf(period.sourceId, row);
        const day = new Date(`${row.day}T00:00:00Z`);
        return {
          payload: create(CostIngestedSchema, {
            lineId,
            tenantId: period.tenantId,
            provider: providerEnum(row.provider),
            accountId: row.sub_account_id,
            service: row.service_name,
            resourceUrn: row.resource_urn ?? '',
            region: row.region_id,
            resourceId: row.resource_id,
            tags: row.tags ?? {},
            cost: { amount: row.billed, currency: row.billing_currency },
            amortizedCost: { amount: row.effective, currency: row.billing_currency },
            periodStart: timestampFromDate(day),
            periodEnd: timestampFromDate(new Date(day.getTime() + 86_400_000)),
            granularity: CostGranularity.DAILY,
            source: period.kind,
            ingestedAt,
          }),
          metadata: { key: lineId, tenantId: period.tenantId },
        };
      }),
    );
  }
  return rows.length;
}

function lineIdOf(sourceId: string, row: DailyResourceRow): string {
  return createHash('sha256')
    .update(
      [
        sourceId,
        row.day,
        row.sub_account_id,
        row.service_name,
        row.region_id,
        row.resource_id,
        row.billing_currency,
      ].join('\u0000'),
    )
    .digest('hex')
    .slice(0, 32);
}
