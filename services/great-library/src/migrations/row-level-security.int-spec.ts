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
    `INSERT INTO storage_buckets (id, tenant_id, account_id, urn, provider, external_account_id,
       region, name, configuration, object_count, total_bytes, discovered_at)
     VALUES ('${randomUUID()}', '${tenantId}', '${randomUUID()}',
       'codex:aws:123456789012:us-east-1:s3/bucket/b-${randomUUID()}', 'aws', '123456789012',
       'us-east-1', 'b', '{}', 0, 0, now())`;

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

  it('a query on storage_buckets run with no tenant set returns zero rows while rows exist', async () => {
    expect(await visibleRows(owner, 'storage_buckets')).toBe(2);

    expect(await visibleRows(runtime, 'storage_buckets')).toBe(0);
    const [, changed] = await runtime.query<[unknown[], number]>(
      `UPDATE storage_buckets SET tenant_id = tenant_id`,
    );
    expect(changed).toBe(0);
  });

  it('a tenant sees only its own buckets; the system scope sees all', async () => {
    const [tenant = ''] = tenants;
    expect(
      await withTenant(runtime, tenant, (manager) => visibleRows(manager, 'storage_buckets')),
    ).toBe(1);
    expect(
      await asSystem(runtime, 'test', (manager) => visibleRows(manager, 'storage_buckets')),
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
