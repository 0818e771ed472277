import { randomUUID } from 'node:crypto';

import { create } from '@bufbuild/protobuf';
import { timestampFromDate } from '@bufbuild/protobuf/wkt';
import type { Principal } from '@codex/auth';
import {
  type EventOf,
  Provider,
  ResourceDeletedSchema,
  type Topic,
  TOPICS,
} from '@codex/contracts';
import type { DeliveredEvent, OutgoingEvent } from '@codex/messaging';
import { ProblemException } from '@codex/platform';

import {
  type AetheriumDatabase,
  openAetheriumDatabase,
} from '../testing/aetherium-database.fixture';
import { resourceQuerySchema } from './api/resource-query';
import { InventoryProjection } from './inventory-projection';
import { InventoryReader } from './inventory-reader';
import { discoveredInstances } from './resource-events.fixture';

const caller = (tenantId: string): Principal => ({
  subject: 'user-1',
  person: 'user-1',
  tenantId,
  roles: ['viewer'],
  issuedAt: new Date(),
  expiresAt: new Date(Date.now() + 60_000),
});

function delivered<T extends Topic>(
  topic: T,
  events: { payload: EventOf<T>; metadata: OutgoingEvent<T>['metadata'] }[],
): DeliveredEvent<T>[] {
  return events.map(({ payload, metadata }) => ({
    topic,
    key: metadata.key,
    payload,
    envelope: {
      id: randomUUID(),
      source: 'engine-core',
      type: TOPICS[topic].eventType,
      time: new Date().toISOString(),
      subject: metadata.key,
      tenantId: metadata.tenantId,
      traceparent: '',
    },
  }));
}

function deletion(tenantId: string, urn: string) {
  return {
    payload: create(ResourceDeletedSchema, {
      urn,
      tenantId,
      provider: Provider.AWS,
      accountId: '123456789012',
      resourceType: 'ec2/instance',
      observedAt: timestampFromDate(new Date()),
      reason: 'not_found_in_discovery',
    }),
    metadata: { key: urn, tenantId },
  };
}

describe('one AWS account connected by two tenants', () => {
  let db: AetheriumDatabase;
  let projection: InventoryProjection;
  let reader: InventoryReader;
  const tenantA = `tenant-${randomUUID()}`;
  const tenantB = `tenant-${randomUUID()}`;

  beforeAll(async () => {
    db = await openAetheriumDatabase();
    projection = new InventoryProjection();
    reader = new InventoryReader(db.runtime);
  });

  afterAll(async () => {
    await db?.close();
  });

  const urns = async (tenantId: string) =>
    (await reader.list(caller(tenantId), resourceQuerySchema.parse({}))).items
      .map((item) => item.urn)
      .sort();

  it('gives each tenant its own copy of the same URNs, and a deletion in one leaves the other whole', async () => {
    const seenByA = discoveredInstances(3, { tenantId: tenantA });
    const seenByB = discoveredInstances(3, { tenantId: tenantB });
    await db.runtime.transaction((manager) =>
      projection.applyDiscovered(delivered('resource.discovered', seenByA), manager),
    );
    await db.runtime.transaction((manager) =>
      projection.applyDiscovered(
        delivered('resource.discovered', [...seenByB, ...seenByA.slice(0, 1)]),
        manager,
      ),
    );
    const all = seenByA.map((event) => event.payload.urn).sort();
    expect(await urns(tenantA)).toEqual(all);
    expect(await urns(tenantB)).toEqual(all);

    const [gone = ''] = all;
    await db.runtime.transaction((manager) =>
      projection.applyDeleted(delivered('resource.deleted', [deletion(tenantB, gone)]), manager),
    );

    expect(await urns(tenantA)).toEqual(all);
    expect(await urns(tenantB)).toEqual(all.slice(1));
    expect((await reader.get(caller(tenantA), gone)).urn).toBe(gone);
    await expect(reader.get(caller(tenantB), gone)).rejects.toBeInstanceOf(ProblemException);
    const searched = async (tenantId: string, raw: Record<string, unknown>) =>
      (await reader.list(caller(tenantId), resourceQuerySchema.parse(raw))).items.map(
        (item) => item.urn,
      );
    expect((await searched(tenantA, { q: 'web-' })).sort()).toEqual(all);
    expect((await searched(tenantB, { q: 'web-' })).sort()).toEqual(all.slice(1));
    expect(await searched(tenantA, { tag: 'env:production' })).toEqual([gone]);
    expect(await searched(tenantB, { tag: 'env:production' })).toEqual([]);
    const rows = await db.owner.query<{ tenant_id: string; deleted: boolean }[]>(
      `SELECT tenant_id, deleted_at IS NOT NULL AS deleted FROM inventory_resources
        WHERE urn = $1 ORDER BY deleted`,
      [gone],
    );
    expect(rows).toEqual([
      { tenant_id: tenantA, deleted: false },
      { tenant_id: tenantB, deleted: true },
    ]);
  });
});
