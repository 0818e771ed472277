import type { Principal } from '@codex/auth';
import { ProblemException } from '@codex/platform';
import type { DataSource } from 'typeorm';

import {
  type AetheriumDatabase,
  openAetheriumDatabase,
} from '../testing/aetherium-database.fixture';
import { resourceQuerySchema } from './api/resource-query';
import { InventoryReader } from './inventory-reader';

const caller = (tenantId: string): Principal => ({
  subject: 'user-1',
  tenantId,
  roles: ['viewer'],
  person: 'user-1',
  issuedAt: new Date(),
  expiresAt: new Date(Date.now() + 60_000),
});

const query = (raw: Record<string, unknown> = {}) => resourceQuerySchema.parse(raw);

describe('InventoryReader on PostgreSQL', () => {
  let db: AetheriumDatabase;
  let dataSource: DataSource;
  let reader: InventoryReader;

  beforeAll(async () => {
    db = await openAetheriumDatabase();
    dataSource = db.owner;
    const rows = Array.from({ length: 30 }, (_, index) => ({
      urn: `codex:aws:111:eu-west-1:ec2/instance/i-${String(index).padStart(3, '0')}`,
      tenant: 'tenant-a',
      region: index % 2 === 0 ? 'eu-west-1' : 'us-east-1',
      type: index < 25 ? 'ec2/instance' : 'ecs/service',
      name: `web-${String(index).padStart(3, '0')}`,
      tags: { env: index % 3 === 0 ? 'production' : 'staging', team: 'core' },
      state: index % 5 === 0 ? 'stopped' : 'running',
      deleted: index === 29,
    }));
    rows.push({
      urn: 'codex:aws:222:eu-west-1:ec2/instance/i-other',
      tenant: 'tenant-b',
      region: 'eu-west-1',
      type: 'ec2/instance',
      name: 'web-000',
      tags: { env: 'production', team: 'core' },
      state: 'running',
      deleted: false,
    });
    for (const [index, row] of rows.entries()) {
      await dataSource.query(
        `INSERT INTO inventory_resources (urn, tenant_id, provider, account_id, region, resource_type, name, tags,
           state, attributes, observed_at, revision, deleted_at)
         VALUES ($1, $2, 'aws', '111', $3, $4, $5, $6, $7, '{}', now() - make_interval(secs => $8), 1, $9)`,
        [
          row.urn,
          row.tenant,
          row.region,
          row.type,
          row.name,
          row.tags,
          row.state,
          index,
          row.deleted ? new Date() : null,
        ],
      );
    }
    // The reader runs as the service's role: row-level security applies to it.
    reader = new InventoryReader(db.runtime);
  });

  afterAll(async () => {
    await db.close();
  });

  it('pages through every live resource of the tenant exactly once with a keyset cursor', async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await reader.list(
        caller('tenant-a'),
        query({ limit: '7', ...(cursor ? { cursor } : {}) }),
      );
      seen.push(...page.items.map((item) => item.name));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(seen).toHaveLength(29);
    expect(new Set(seen).size).toBe(29);
    expect(seen).toEqual([...seen].sort());
  });

  it('sorts by newest observation first and keeps the order across pages', async () => {
    const first = await reader.list(caller('tenant-a'), query({ sort: '-observedAt', limit: '3' }));
    const second = await reader.list(
      caller('tenant-a'),
      query({ sort: '-observedAt', limit: '3', cursor: first.nextCursor }),
    );
    expect([...first.items, ...second.items].map((item) => item.name)).toEqual([
      'web-000',
      'web-001',
      'web-002',
      'web-003',
      'web-004',
      'web-005',
    ]);
  });

  it('combines filters on region, type, state and tags', async () => {
    const page = await reader.list(
      caller('tenant-a'),
      query({
        region: 'eu-west-1',
        type: 'ec2/instance',
        state: 'running',
        tag: ['env:production', 'team'],
      }),
    );
    expect(page.items.map((item) => item.name)).toEqual([
      'web-006',
      'web-012',
      'web-018',
      'web-024',
    ]);
  });

  it('finds resources by part of the name or by exact URN, treating LIKE wildcards literally', async () => {
    expect((await reader.list(caller('tenant-a'), query({ q: 'b-01' }))).items).toHaveLength(10);
    expect((await reader.list(caller('tenant-a'), query({ q: 'web_0' }))).items).toHaveLength(0);
    const byUrn = await reader.list(
      caller('tenant-a'),
      query({ q: 'codex:aws:111:eu-west-1:ec2/instance/i-007' }),
    );
    expect(byUrn.items.map((item) => item.name)).toEqual(['web-007']);
  });

  it("never shows another tenant's resource: not in lists, and 404 by URN", async () => {
    const names = (await reader.list(caller('tenant-b'), query())).items.map((item) => item.urn);
    expect(names).toEqual(['codex:aws:222:eu-west-1:ec2/instance/i-other']);
    await expect(
      reader.get(caller('tenant-b'), 'codex:aws:111:eu-west-1:ec2/instance/i-001'),
    ).rejects.toMatchObject({ code: 'not_found' });
  });

  it('counts live resources by provider, type and state', async () => {
    expect(await reader.summary(caller('tenant-a'))).toEqual({
      total: 29,
      byProvider: { aws: 29 },
      byType: { 'ec2/instance': 25, 'ecs/service': 4 },
      byState: { running: 23, stopped: 6 },
    });
  });

  it('refuses a cursor it did not give out, naming the parameter', async () => {
    await expect(
      // Past the query schema, which refuses it first (400 on query.cursor); the reader checks again.
      reader.list(caller('tenant-a'), { ...query(), cursor: 'not-a-cursor' }),
    ).rejects.toBeInstanceOf(ProblemException);
  });
});
