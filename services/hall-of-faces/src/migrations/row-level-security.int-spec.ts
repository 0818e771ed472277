import { randomBytes, randomUUID } from 'node:crypto';

import { asSystem, postgresOptions, withTenant } from '@codex/persistence';
import {
  createScratchDatabase,
  roleStanding,
  type ScratchDatabase,
  visibleRows,
} from '@codex/testing';
import { DataSource, type EntityManager } from 'typeorm';

import { database } from '../app.module';
import { EVERY_TENANT } from '../audit/audit-log';

const TENANT_TABLES = [
  'platform_users',
  'api_keys',
  'machine_clients',
  'audit_events',
  'refresh_tokens',
];

/** One row of each tenant table for the tenant, as SQL for whoever runs it. */
function rowsOf(tenantId: string): Record<string, string> {
  const hash = randomBytes(32).toString('hex');
  return {
    platform_users: `INSERT INTO platform_users (id, tenant_id, email, password_hash, roles)
      VALUES ('${randomUUID()}', '${tenantId}', 'someone@${tenantId}.test', 'x', '{admin}')`,
    api_keys: `INSERT INTO api_keys (id, tenant_id, name, roles, secret_hash, created_by)
      VALUES ('${randomBytes(6).toString('hex')}', '${tenantId}', 'ci', '{viewer}', '${hash}', 'someone')`,
    machine_clients: `INSERT INTO machine_clients (client_id, tenant_id, name, secret_hash, roles)
      VALUES ('mc_${randomBytes(12).toString('hex')}', '${tenantId}', 'bot', 'x', '{viewer}')`,
    audit_events: `INSERT INTO audit_events (id, tenant_id, action, actor, source_ip, details)
      VALUES ('${randomUUID()}', '${tenantId}', 'user.created', 'someone', '127.0.0.1', '{}')`,
    refresh_tokens: `INSERT INTO refresh_tokens (id, tenant_id, user_id, family_id, token_hash, expires_at)
      VALUES ('${randomUUID()}', '${tenantId}', '${randomUUID()}', '${randomUUID()}', '${hash}', now() + interval '1 day')`,
  };
}

describe("row-level security on hall-of-faces' tenant tables", () => {
  let scratch: ScratchDatabase;
  let owner: DataSource;
  let runtime: DataSource;
  const tenants = [randomUUID(), randomUUID()];

  const open = (url: string) =>
    new DataSource(
      postgresOptions({ url, poolMax: 2, applicationName: 'hall-of-faces-test', ...database }),
    ).initialize();

  beforeAll(async () => {
    scratch = await createScratchDatabase('hall_of_faces_tenancy');
    owner = await open(scratch.url);
    await owner.runMigrations();
    runtime = await open(scratch.runtimeUrl);
    for (const tenant of tenants) {
      for (const insert of Object.values(rowsOf(tenant))) await owner.query(insert);
    }
    // An entry every tenant reads (a signing key rotation), one of no known tenant (a failed
    // sign-in naming an unknown tenant).
    await owner.query(rowsOf(EVERY_TENANT).audit_events ?? '');
    await owner.query(rowsOf('').audit_events ?? '');
  });

  afterAll(async () => {
    await Promise.all([owner?.destroy(), runtime?.destroy()]);
    await scratch?.drop();
  });

  it('runs the service as a role that is no superuser, cannot bypass row-level security and owns no table', async () => {
    expect(await roleStanding(runtime)).toEqual({ super: false, bypass: false, owns: 0 });
  });

  it.each(TENANT_TABLES)(
    'a query on %s run with no tenant set returns zero rows while rows exist',
    async (table) => {
      expect(await visibleRows(owner, table)).toBeGreaterThanOrEqual(2);

      expect(await visibleRows(runtime, table)).toBe(0);
      const [, changed] = await runtime.query<[unknown[], number]>(
        `UPDATE "${table}" SET tenant_id = tenant_id`,
      );
      expect(changed).toBe(0);
    },
  );

  it.each(TENANT_TABLES.filter((table) => table !== 'audit_events'))(
    'a tenant sees only its own row of %s; the system scope sees all',
    async (table) => {
      const [tenant = ''] = tenants;
      expect(await withTenant(runtime, tenant, (manager) => visibleRows(manager, table))).toBe(1);
      expect(await asSystem(runtime, 'test', (manager) => visibleRows(manager, table))).toBe(2);
    },
  );

  it("a tenant reads its own audit entries and every tenant's, not another tenant's or those of no tenant", async () => {
    const [tenant = ''] = tenants;
    const tenantsSeen = (manager: EntityManager) =>
      manager.query<{ tenant_id: string }[]>(
        'SELECT tenant_id FROM audit_events ORDER BY tenant_id',
      );
    expect(await withTenant(runtime, tenant, tenantsSeen)).toEqual(
      [EVERY_TENANT, tenant].sort().map((tenant_id) => ({ tenant_id })),
    );
    expect(await asSystem(runtime, 'test', tenantsSeen)).toHaveLength(4);
  });

  it("refuses to write a row outside a tenant scope, into another tenant's, or one every tenant reads", async () => {
    const [tenant = '', other = ''] = tenants;
    for (const table of TENANT_TABLES) {
      await expect(runtime.query(rowsOf(tenant)[table] ?? '')).rejects.toThrow(
        /row-level security/,
      );
      await expect(
        withTenant(runtime, tenant, (manager) => manager.query(rowsOf(other)[table] ?? '')),
      ).rejects.toThrow(/row-level security/);
    }
    await expect(
      withTenant(runtime, tenant, (manager) =>
        manager.query(rowsOf(EVERY_TENANT).audit_events ?? ''),
      ),
    ).rejects.toThrow(/row-level security/);
    await asSystem(runtime, 'test', (manager) =>
      manager.query(rowsOf(EVERY_TENANT).audit_events ?? ''),
    );
  });
});
