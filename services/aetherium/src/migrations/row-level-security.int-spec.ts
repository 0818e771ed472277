import { randomUUID } from 'node:crypto';

import { asSystem, withTenant } from '@codex/persistence';
import { roleStanding, visibleRows } from '@codex/testing';

import {
  type AetheriumDatabase,
  insertAction,
  openAetheriumDatabase,
} from '../testing/aetherium-database.fixture';

const TENANT_TABLES = [
  'inventory_resources',
  'cloud_accounts',
  'actions',
  'action_events',
  'cost_sources',
  'cost_daily_services',
  'cost_budgets',
];

describe("row-level security on aetherium's tenant tables", () => {
  let db: AetheriumDatabase;
  const tenants = [`tenant-${randomUUID()}`, `tenant-${randomUUID()}`];

  beforeAll(async () => {
    db = await openAetheriumDatabase();
    for (const tenant of tenants) {
      const actionId = randomUUID();
      await db.owner.query(
        `INSERT INTO inventory_resources (tenant_id, urn, provider, account_id, region, resource_type, name, tags,
           state, attributes, observed_at, revision)
         VALUES ($1, 'codex:aws:123456789012:eu-west-1:ec2/instance/i-1', 'aws', '123456789012', 'eu-west-1',
           'ec2/instance', 'web', '{}', 'running', '{}', now(), 1)`,
        [tenant],
      );
      await db.owner.query(
        `INSERT INTO cloud_accounts (id, tenant_id, provider, external_account_id, name, regions, credential_kind,
           role_arn, status, created_by, verified_at, disconnected_at)
         VALUES ($1, $2, 'aws', '123456789012', 'prod', '{eu-west-1}', 'assume-role',
           'arn:aws:iam::123456789012:role/codex', 'disconnected', 'admin', now(), now())`,
        [randomUUID(), tenant],
      );
      await insertAction(db.owner, { id: actionId, tenant_id: tenant });
      await db.owner.query(
        `INSERT INTO action_events (id, action_id, tenant_id, event, actor, details)
         VALUES ($1, $2, $3, 'requested', 'user-1', '{}')`,
        [randomUUID(), actionId, tenant],
      );
      await db.owner.query(
        `INSERT INTO cost_sources (id, tenant_id, account_id, provider, kind, settings, created_by)
         VALUES ($1, $2, $3, 'aws', 'aws-cost-explorer', '{}', 'admin')`,
        [randomUUID(), tenant, randomUUID()],
      );
      await db.owner.query(
        `INSERT INTO cost_daily_services (tenant_id, source_id, billing_period_start, day, provider, sub_account_id,
           sub_account_name, service_name, service_category, region_id, charge_category, billing_currency,
           billed_cost, effective_cost, list_cost, line_count)
         VALUES ($1, $2, '2026-09-01', '2026-09-02', 'aws', '123456789012', '', 'EC2', 'Compute', 'us-east-1',
           'Usage', 'USD', 1, 1, 1, 1)`,
        [tenant, randomUUID()],
      );
      await db.owner.query(
        `INSERT INTO cost_budgets (id, tenant_id, name, scope_kind, scope_value, monthly_amount, currency, metric,
           thresholds, created_by)
         VALUES ($1, $2, 'all', 'all', '', 100, 'USD', 'effective', '{100}', 'admin')`,
        [randomUUID(), tenant],
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
      expect(await visibleRows(db.owner, table)).toBe(2);

      expect(await visibleRows(db.runtime, table)).toBe(0);
      const [, changed] = await db.runtime.query<[unknown[], number]>(
        `UPDATE "${table}" SET tenant_id = tenant_id`,
      );
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

  it("refuses to write a row outside a tenant scope, or into another tenant's", async () => {
    const [tenant = '', other = ''] = tenants;
    const insert = (tenantId: string) =>
      `INSERT INTO action_events (id, action_id, tenant_id, event, actor, details)
       VALUES ('${randomUUID()}', '${randomUUID()}', '${tenantId}', 'requested', 'user-1', '{}')`;

    await expect(db.runtime.query(insert(tenant))).rejects.toThrow(/row-level security/);
    await expect(
      withTenant(db.runtime, tenant, (manager) => manager.query(insert(other))),
    ).rejects.toThrow(/row-level security/);
  });
});
