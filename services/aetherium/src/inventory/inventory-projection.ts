import { timestampDate } from '@bufbuild/protobuf/wkt';
import { Provider } from '@codex/contracts';
import type { DeliveredEvent } from '@codex/messaging';
import { asSystem } from '@codex/persistence';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

type Discovered = DeliveredEvent<'resource.discovered'>;
type Deleted = DeliveredEvent<'resource.deleted'>;

/**
 * Keeps inventory_resources in step with resource events, one set-based statement
 * per batch. A row is a (tenant, URN): an event only ever touches its own tenant's row.
 * An observation older than what a row already reflects is ignored. A batch mixes
 * tenants, so it is written in the system scope (ADR 12).
 */
@Injectable()
export class InventoryProjection {
  async applyDiscovered(events: Discovered[], manager: EntityManager): Promise<void> {
    const rows = latestPerResource(
      events,
      (event) => event.payload,
      (event) => observedAt(event),
    ).map(({ latest: { payload }, count }) => ({
      urn: payload.urn,
      tenant_id: payload.tenantId,
      provider: providerName(payload.provider),
      account_id: payload.accountId,
      region: payload.region,
      resource_type: payload.resourceType,
      name: payload.name,
      tags: payload.tags,
      state: payload.state,
      attributes: payload.attributes ?? {},
      observed_at: payload.observedAt && timestampDate(payload.observedAt),
      revision: count,
    }));
    // One JSON parameter: PostgreSQL parses it far faster than Node can encode twelve arrays.
    await asSystem(manager, 'projects resource events of many tenants', (system) =>
      system.query(
        `INSERT INTO inventory_resources
         (urn, tenant_id, provider, account_id, region, resource_type, name, tags, state, attributes, observed_at, revision,
          updated_at)
       SELECT *, clock_timestamp() FROM jsonb_to_recordset($1::jsonb) AS r(
         urn varchar, tenant_id varchar, provider varchar, account_id varchar, region varchar, resource_type varchar,
         name varchar, tags jsonb, state varchar, attributes jsonb, observed_at timestamptz, revision int)
       ON CONFLICT ON CONSTRAINT pk_inventory_resources DO UPDATE SET
         provider = EXCLUDED.provider, account_id = EXCLUDED.account_id,
         region = EXCLUDED.region, resource_type = EXCLUDED.resource_type, name = EXCLUDED.name,
         tags = EXCLUDED.tags, state = EXCLUDED.state, attributes = EXCLUDED.attributes,
         observed_at = EXCLUDED.observed_at, deleted_at = NULL, updated_at = EXCLUDED.updated_at,
         revision = inventory_resources.revision + EXCLUDED.revision
       WHERE EXCLUDED.observed_at >= inventory_resources.observed_at`,
        [JSON.stringify(rows)],
      ),
    );
  }

  async applyDeleted(events: Deleted[], manager: EntityManager): Promise<void> {
    const rows = latestPerResource(
      events,
      (event) => event.payload,
      (event) => observedAt(event),
    );
    await asSystem(manager, 'projects resource deletions of many tenants', (system) =>
      system.query(
        `UPDATE inventory_resources AS r
            SET deleted_at = d.observed_at, observed_at = d.observed_at, revision = r.revision + d.count,
                updated_at = clock_timestamp()
           FROM unnest($1::varchar[], $2::varchar[], $3::timestamptz[], $4::int[])
                AS d(tenant_id, urn, observed_at, count)
          WHERE r.tenant_id = d.tenant_id AND r.urn = d.urn AND d.observed_at >= r.observed_at`,
        [
          rows.map(({ latest }) => latest.payload.tenantId),
          rows.map(({ latest }) => latest.payload.urn),
          rows.map(({ latest }) => observedAt(latest)),
          rows.map(({ count }) => count),
        ],
      ),
    );
  }
}

/**
 * One entry per (tenant, URN) (a statement may touch a row once): its latest event, and how
 * many there were.
 */
function latestPerResource<E>(
  events: E[],
  keyOf: (event: E) => { tenantId: string; urn: string },
  timeOf: (event: E) => Date,
) {
  const byResource = new Map<string, { latest: E; count: number }>();
  for (const event of events) {
    const { tenantId, urn } = keyOf(event);
    const key = JSON.stringify([tenantId, urn]);
    const seen = byResource.get(key);
    if (!seen) byResource.set(key, { latest: event, count: 1 });
    else {
      seen.count += 1;
      if (timeOf(event) >= timeOf(seen.latest)) seen.latest = event;
    }
  }
  return [...byResource.values()];
}

function observedAt(event: Discovered | Deleted): Date {
  const at = event.payload.observedAt;
  if (!at) throw new Error(`event ${event.envelope.id} has no observed_at`);
  return timestampDate(at);
}

function providerName(provider: Provider): string {
  return (Provider[provider] ?? 'PROVIDER_UNSPECIFIED').replace(/^PROVIDER_/, '').toLowerCase();
}
