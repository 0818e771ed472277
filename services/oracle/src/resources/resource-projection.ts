import { timestampDate } from '@bufbuild/protobuf/wkt';
import { providerName } from '@codex/connectors';
import type { DeliveredEvent } from '@codex/messaging';
import { asSystem } from '@codex/persistence';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

type Discovered = DeliveredEvent<'resource.discovered'>;
type Deleted = DeliveredEvent<'resource.deleted'>;

/**
 * Keeps known_resources in step with the inventory's events: what each resource is (type,
 * size, tags) and since when it exists, for rightsizing and for explaining cost. A batch
 * mixes tenants, so it is written in the system scope (ADR 12); an older observation loses.
 */
@Injectable()
export class ResourceProjection {
  async applyDiscovered(events: Discovered[], manager: EntityManager): Promise<void> {
    const rows = [...latestPerResource(events).values()].map(({ payload }) => ({
      tenant_id: payload.tenantId,
      urn: payload.urn,
      provider: providerName(payload.provider) ?? 'unknown',
      account_id: payload.accountId,
      region: payload.region,
      resource_type: payload.resourceType,
      name: payload.name,
      state: payload.state,
      tags: payload.tags,
      attributes: payload.attributes ?? {},
      observed_at: observedAt(payload.observedAt),
    }));
    if (rows.length === 0) return;
    await asSystem(manager, 'projects resource events of many tenants', (system) =>
      system.query(
        `INSERT INTO known_resources
           (tenant_id, urn, provider, account_id, region, resource_type, name, state, tags, attributes,
            first_seen_at, observed_at, deleted_at)
         SELECT r.tenant_id, r.urn, r.provider, r.account_id, r.region, r.resource_type, r.name, r.state,
                r.tags, r.attributes, r.observed_at, r.observed_at, NULL
           FROM jsonb_to_recordset($1::jsonb) AS r(tenant_id varchar, urn varchar, provider varchar,
                account_id varchar, region varchar, resource_type varchar, name varchar, state varchar,
                tags jsonb, attributes jsonb, observed_at timestamptz)
         ON CONFLICT ON CONSTRAINT pk_known_resources DO UPDATE SET
           provider = EXCLUDED.provider, account_id = EXCLUDED.account_id, region = EXCLUDED.region,
           resource_type = EXCLUDED.resource_type, name = EXCLUDED.name, state = EXCLUDED.state,
           tags = EXCLUDED.tags, attributes = EXCLUDED.attributes, observed_at = EXCLUDED.observed_at,
           deleted_at = NULL
         WHERE EXCLUDED.observed_at >= known_resources.observed_at`,
        [JSON.stringify(rows)],
      ),
    );
  }

  async applyDeleted(events: Deleted[], manager: EntityManager): Promise<void> {
    const latest = [...latestPerResource(events).values()];
    if (latest.length === 0) return;
    await asSystem(manager, 'projects resource deletions of many tenants', (system) =>
      system.query(
        `UPDATE known_resources AS r SET deleted_at = d.observed_at, observed_at = d.observed_at
           FROM unnest($1::varchar[], $2::varchar[], $3::timestamptz[]) AS d(tenant_id, urn, observed_at)
          WHERE r.tenant_id = d.tenant_id AND r.urn = d.urn AND d.observed_at >= r.observed_at`,
        [
          latest.map(({ payload }) => payload.tenantId),
          latest.map(({ payload }) => payload.urn),
          latest.map(({ payload }) => observedAt(payload.observedAt)),
        ],
      ),
    );
  }
}

function latestPerResource<E extends Discovered | Deleted>(events: E[]): Map<string, E> {
  const latest = new Map<string, E>();
  for (const event of events) {
    const key = `${event.payload.tenantId}\u0000${event.payload.urn}`;
    const seen = latest.get(key);
    if (!seen || observedAt(event.payload.observedAt) >= observedAt(seen.payload.observedAt)) {
      latest.set(key, event);
    }
  }
  return latest;
}

function observedAt(at: Parameters<typeof timestampDate>[0] | undefined): Date {
  return at ? timestampDate(at) : new Date(0);
}
