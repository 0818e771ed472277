import { roleStanding } from '@codex/testing';

import { openOracleDatabase, type OracleDatabase } from '../testing/oracle-database.fixture';

/** The tables that are not one tenant's: the inbox and outbox, the migrations, the prompt templates. */
const SHARED_TABLES = ['migrations', 'prompt_templates', 'outbox_messages', 'inbox_messages'];

describe("row-level security on the oracle's tenant tables", () => {
  let db: OracleDatabase;

  beforeAll(async () => {
    db = await openOracleDatabase();
  });

  afterAll(async () => {
    await db?.close();
  });

  it('runs the service as a role that is no superuser, cannot bypass row-level security and owns no table', async () => {
    expect(await roleStanding(db.runtime)).toEqual({ super: false, bypass: false, owns: 0 });
  });

  it('puts every table with a tenant_id behind a forced tenant policy', async () => {
    const tables = await db.owner.query<
      { name: string; secured: boolean; forced: boolean; policies: number }[]
    >(
      `SELECT c.relname AS name, c.relrowsecurity AS secured, c.relforcerowsecurity AS forced,
              (SELECT count(*)::int FROM pg_policies p WHERE p.tablename = c.relname) AS policies
         FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = 'public' AND c.relkind = 'r'
          AND EXISTS (SELECT 1 FROM information_schema.columns col
                       WHERE col.table_name = c.relname AND col.column_name = 'tenant_id')
        ORDER BY c.relname`,
    );
    const tenantTables = tables.filter((table) => !SHARED_TABLES.includes(table.name));
    expect(tenantTables.map((table) => table.name)).toEqual(
      expect.arrayContaining([
        'anomalies',
        'cost_lines',
        'cost_forecasts',
        'metric_series',
        'known_resources',
      ]),
    );
    for (const table of tenantTables) {
      expect(table).toEqual({ name: table.name, secured: true, forced: true, policies: 1 });
    }
  });

  it('shows a tenant only its own cost lines, and nothing without a tenant', async () => {
    for (const tenant of ['tenant-a', 'tenant-b']) {
      await db.owner.query(
        `INSERT INTO cost_lines (tenant_id, line_id, day, provider, account_id, service, region, resource_id,
           resource_urn, tags, cost, amortized_cost, currency)
         VALUES ($1, 'line-1', '2026-11-01', 'aws', '123456789012', 'EC2', 'us-east-1', 'i-1', '', '{}', 1, 1, 'USD')`,
        [tenant],
      );
    }
    const count = async (tenant?: string) =>
      db.runtime.transaction(async (manager) => {
        if (tenant) await manager.query(`SELECT set_config('codex.tenant_id', $1, true)`, [tenant]);
        const [row] = await manager.query<{ n: number }[]>(
          `SELECT count(*)::int AS n FROM cost_lines`,
        );
        return row?.n;
      });
    expect(await count()).toBe(0);
    expect(await count('tenant-a')).toBe(1);
  });
});
