import { timestampDate } from '@bufbuild/protobuf/wkt';
import { providerName } from '@codex/connectors';
import type { DeliveredEvent } from '@codex/messaging';
import { asSystem } from '@codex/persistence';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

type Ingested = DeliveredEvent<'cost.ingested'>;

/**
 * Keeps cost_lines in step with `cost.ingested`: a line id is stable across restatements, so
 * the latest figure replaces the earlier one. Each tenant whose cost changed is marked due for
 * analysis, which runs once its lines stop arriving (CostAnalysisScheduler).
 */
@Injectable()
export class CostLineProjection {
  async apply(events: Ingested[], manager: EntityManager): Promise<void> {
    const latest = new Map<string, Ingested['payload']>();
    for (const { payload } of events)
      latest.set(`${payload.tenantId}\u0000${payload.lineId}`, payload);
    const rows = [...latest.values()]
      .filter((line) => line.periodStart)
      .map((line) => ({
        tenant_id: line.tenantId,
        line_id: line.lineId,
        day: timestampDate(line.periodStart!).toISOString().slice(0, 10),
        provider: providerName(line.provider) ?? 'unknown',
        account_id: line.accountId,
        service: line.service,
        region: line.region,
        resource_id: line.resourceId,
        resource_urn: line.resourceUrn,
        tags: line.tags,
        cost: line.cost?.amount ?? '0',
        amortized_cost: line.amortizedCost?.amount ?? line.cost?.amount ?? '0',
        currency: line.cost?.currency ?? 'USD',
      }));
    if (rows.length === 0) return;
    await asSystem(manager, 'projects cost lines of many tenants', async (system) => {
      await system.query(
        `INSERT INTO cost_lines (tenant_id, line_id, day, provider, account_id, service, region,
                                 resource_id, resource_urn, tags, cost, amortized_cost, currency)
         SELECT * FROM jsonb_to_recordset($1::jsonb) AS r(tenant_id varchar, line_id varchar, day date,
                provider varchar, account_id varchar, service varchar, region varchar, resource_id varchar,
                resource_urn varchar, tags jsonb, cost numeric, amortized_cost numeric, currency char(3))
         ON CONFLICT ON CONSTRAINT pk_cost_lines DO UPDATE SET
           day = EXCLUDED.day, provider = EXCLUDED.provider, account_id = EXCLUDED.account_id,
           service = EXCLUDED.service, region = EXCLUDED.region, resource_id = EXCLUDED.resource_id,
           resource_urn = EXCLUDED.resource_urn, tags = EXCLUDED.tags, cost = EXCLUDED.cost,
           amortized_cost = EXCLUDED.amortized_cost, currency = EXCLUDED.currency`,
        [JSON.stringify(rows)],
      );
      await system.query(
        `INSERT INTO cost_analysis_due (tenant_id, changed_at)
         SELECT DISTINCT unnest($1::varchar[]), clock_timestamp()
         ON CONFLICT ON CONSTRAINT pk_cost_analysis_due DO UPDATE SET changed_at = EXCLUDED.changed_at`,
        [[...new Set(rows.map((row) => row.tenant_id))]],
      );
    });
  }
}
