import { randomUUID } from 'node:crypto';

import { asSystem, withTenant } from '@codex/persistence';
import { roleStanding, visibleRows } from '@codex/testing';

import {
  type DiscoveryDatabase,
  openDiscoveryDatabase,
} from '../discovery/discovery-database.fixture';

const TENANT_TABLES = [
  'connected_accounts',
  'known_resources',
  'discovery_runs',
  'action_executions',
];

describe("row-level security on engine-core's tenant tables", () => {
  let db: DiscoveryDatabase;
  const tenants = [`tenant-${randomUUID()}`, `tenant-${randomUUID()}`];

  beforeAll(async () => {
    db = await openDiscoveryDatabase();
    for (const tenant of tenants) {
      const accountId = randomUUID();
      await db.dataSource.query(
        `INSERT INTO connected_accounts (account_id, tenant_id, provider, external_account_id, name, regions, credential_kind,
                                         settings, status, changed_at)
         VALUES ($1, $2, 'aws', '123456789012', 'prod', '{eu-west-1}', 'assume-role', '{}', 'disconnected', now())`,
        [accountId, tenant],
      );
      await db.dataSource.query(
        `INSERT INTO known_resources (account_id, urn, tenant_id, resource_type, last_run_id, last_seen_at)
         VALUES ($1, 'codex:aws:123456789012:eu-west-1:ec2/instance/i-1', $2, 'ec2/instance', $3, now())`,
        [accountId, tenant, randomUUID()],
      );
      await db.dataSource.query(
        `INSERT INTO discovery_runs (id, tenant_id, account_id, trigger, status, requested_by)
         VALUES ($1, $2, $3, 'manual', 'succeeded', 'user-1')`,
        [randomUUID(), tenant, accountId],
      );
      await db.dataSource.query(
        `INSERT INTO action_executions (tenant_id, idempotency_key, action_id, status, started_at)
         VALUES ($1, 'key-00000001', $2, 'succeeded', now())`,
        [tenant, randomUUID()],
      );
    }
  });

  afterAll(async () => {
    await db?.close();
  });

  it('runs the service as a role that is no superuser, cannot bypass row-level security and owns no table', async () => {
    expect(await roleStanding(db.runtime)).toEqual({ super: false, bypass: false, owns: 0 });
  });

  it.each(TENANT_TABLES)(
    'a query on %s run with no tenant set returns zero rows while rows exist',
    async (table) => {
      expect(await visibleRows(db.dataSource, table)).toBe(2);

      expect(await visibleRows(db.runtime, table)).toBe(0);
      const [, changed] = await db.runtime.query<[unknown[], number]>(`DELETE FROM "${table}"`);
      expect(changed).toBe(0);
    },
  );

  it.each(TENANT_TABLES)(
    'a tenant sees only its own row of %s; the system scope sees all',
    async (table) => {
      const [tenant = ''] = tenants;
      expect(await withTenant(db.runtime, tenant, (manager) => visibleRows(manager, table))).toBe(
        1,
      );
      expect(await asSystem(db.runtime, 'test', (manager) => visibleRows(manager, table))).toBe(2);
    },
  );
});
