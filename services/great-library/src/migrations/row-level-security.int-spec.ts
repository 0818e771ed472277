import { randomUUID } from 'node:crypto';

import { asSystem, postgresOptions, withTenant } from '@codex/persistence';
import {
  createScratchDatabase,
  roleStanding,
  type ScratchDatabase,
  visibleRows,
} from '@codex/testing';
import { DataSource } from 'typeorm';

import { database } from '../app.module';

describe("row-level security on great-library's tenant tables", () => {
  let scratch: ScratchDatabase;
  let owner: DataSource;
  let runtime: DataSource;
  const tenants = [randomUUID(), randomUUID()];

  const open = (url: string) =>
    new DataSource(
      postgresOptions({ url, poolMax: 2, applicationName: 'great-library-test', ...database }),
    ).initialize();

  const insert = (tenantId: string) =>
    `INSERT INTO storage_locations (id, tenant_id, provider, account_ref, name)
     VALUES ('${randomUUID()}', '${tenantId}', 'aws', '123456789012', 'bucket-${randomUUID()}')`;

  beforeAll(async () => {
    scratch = await createScratchDatabase('great_library_tenancy');
    owner = await open(scratch.url);
    await owner.runMigrations();
    runtime = await open(scratch.runtimeUrl);
    for (const tenant of tenants) await owner.query(insert(tenant));
  });

  afterAll(async () => {
    await Promise.all([owner?.destroy(), runtime?.destroy()]);
    await scratch?.drop();
  });

  it('runs the service as a role that is no superuser, cannot bypass row-level security and owns no table', async () => {
    expect(await roleStanding(runtime)).toEqual({ super: false, bypass: false, owns: 0 });
  });

  it('a query on storage_locations run with no tenant set returns zero rows while rows exist', async () => {
    expect(await visibleRows(owner, 'storage_locations')).toBe(2);

    expect(await visibleRows(runtime, 'storage_locations')).toBe(0);
    const [, changed] = await runtime.query<[unknown[], number]>(
      `UPDATE storage_locations SET tenant_id = tenant_id`,
    );
    expect(changed).toBe(0);
  });

  it('a tenant sees only its own storage locations; the system scope sees all', async () => {
    const [tenant = ''] = tenants;
    expect(
      await withTenant(runtime, tenant, (manager) => visibleRows(manager, 'storage_locations')),
    ).toBe(1);
    expect(
      await asSystem(runtime, 'test', (manager) => visibleRows(manager, 'storage_locations')),
    ).toBe(2);
  });

  it("refuses to write a row outside a tenant scope, or into another tenant's", async () => {
    const [tenant = '', other = ''] = tenants;
    await expect(runtime.query(insert(tenant))).rejects.toThrow(/row-level security/);
    await expect(
      withTenant(runtime, tenant, (manager) => manager.query(insert(other))),
    ).rejects.toThrow(/row-level security/);
    await withTenant(runtime, tenant, (manager) => manager.query(insert(tenant)));
  });
});
