import { eventually, MotoAccount, type RunningPlatform, startPlatform } from '@codex/testing';
import { Client } from 'pg';

import {
  buildSharedEstate,
  EU,
  instanceUrn,
  type Resource,
  TenancyClient,
  type Tenant,
  US,
} from './tenancy-client';

interface Side {
  tenant: Tenant;
  admin: string;
  accountId: string;
}

describe('two tenants that connect the same AWS account', () => {
  let platform: RunningPlatform;
  let client: TenancyClient;
  const moto = new MotoAccount();
  let estate: Awaited<ReturnType<typeof buildSharedEstate>>;
  let alpha: Side;
  let beta: Side;

  const urns = async (side: Side) =>
    (await client.inventory(side.admin, moto.accountId)).map((item: Resource) => item.urn).sort();

  beforeAll(async () => {
    platform = await startPlatform({
      serviceEnv: { 'engine-core': { DISCOVERY_INTERVAL_MINUTES: '0' } },
    });
    client = new TenancyClient(platform);
    estate = await buildSharedEstate(moto);
    const operator = await client.signInOperator();
    const side = async (prefix: string): Promise<Side> => {
      const tenant = await client.provisionTenant(operator, prefix);
      const admin = await client.signIn(tenant.slug, tenant.admin.email, tenant.admin.password);
      return { tenant, admin, accountId: await client.connect(admin, moto) };
    };
    alpha = await side('alpha');
    beta = await side('beta');
  }, 180_000);

  afterAll(async () => {
    await platform?.stop();
  });

  it('both discover, and each sees exactly its own 45 resources', async () => {
    const [alphaRun, betaRun] = [
      await client.discover(alpha.admin, alpha.accountId),
      await client.discover(beta.admin, beta.accountId),
    ];
    expect(alphaRun.status).toBe('succeeded');
    expect(betaRun.status).toBe('succeeded');
    for (const side of [alpha, beta]) {
      await eventually(async () => {
        const summary = await client.call<{ total: number }>(
          'GET',
          '/api/v1/inventory/summary',
          side.admin,
        );
        expect(summary.body.total).toBe(estate.total);
      });
    }
    expect(await urns(alpha)).toEqual(await urns(beta));
    expect(await urns(alpha)).toHaveLength(45);
  });

  it("a deletion in one tenant's inventory leaves the other's alone, and a resource only one has is 404 for the other", async () => {
    const [gone = ''] = estate.workers;
    await moto.terminate(EU, [gone]);
    const [added = ''] = await moto.launch(US, 1, 't3.nano', { Name: 'late', env: 'dev' });
    const run = await client.discover(alpha.admin, alpha.accountId);
    expect(run.counts.deleted).toBe(1);

    const goneUrn = encodeURIComponent(instanceUrn(moto, EU, gone));
    const addedUrn = encodeURIComponent(instanceUrn(moto, US, added));
    await eventually(async () => {
      expect(
        (await client.call('GET', `/api/v1/inventory/resources/${goneUrn}`, alpha.admin)).status,
      ).toBe(404);
      expect(
        (await client.call('GET', `/api/v1/inventory/resources/${addedUrn}`, alpha.admin)).status,
      ).toBe(200);
    });
    for (const at of [undefined, 'aetherium'] as const) {
      const kept = await client.call(
        'GET',
        `/api/v1/inventory/resources/${goneUrn}`,
        beta.admin,
        undefined,
        { at },
      );
      expect(kept.status).toBe(200);
      const foreign = await client.call(
        'GET',
        `/api/v1/inventory/resources/${addedUrn}`,
        beta.admin,
        undefined,
        { at },
      );
      expect(foreign.status).toBe(404);
    }
    expect(await urns(beta)).toHaveLength(45);
    expect(await urns(alpha)).toHaveLength(45);
  });

  it("reads and actions on the other tenant's ids answer 404, through the gateway and at each service", async () => {
    const runs = await client.call<{ items: { id: string }[] }>(
      'GET',
      '/api/v1/compute/discovery-runs',
      alpha.admin,
    );
    const alphaRun = runs.body.items[0]?.id ?? '';
    const prodUrn = instanceUrn(moto, US, estate.production[0] ?? '');
    const requested = await client.call<{ action: { id: string; status: string } }>(
      'POST',
      '/api/v1/actions',
      alpha.admin,
      { targetUrn: prodUrn, type: 'stop', reason: 'isolation check' },
      { headers: { 'idempotency-key': `isolation-${alpha.tenant.slug}` } },
    );
    expect(requested.status).toBe(201);
    expect(requested.body.action.status).toBe('pending_approval');
    const actionId = requested.body.action.id;
    const alphaAdminId = (
      await client.call<{ items: { id: string }[] }>('GET', '/api/v1/identity/users', alpha.admin)
    ).body.items[0]?.id;

    const probes: [string, string, string | undefined, Parameters<RunningPlatform['urlOf']>[0]][] =
      [
        ['GET', `/api/v1/accounts/${alpha.accountId}`, undefined, 'aetherium'],
        ['DELETE', `/api/v1/accounts/${alpha.accountId}`, undefined, 'aetherium'],
        ['GET', `/api/v1/actions/${actionId}`, undefined, 'aetherium'],
        ['GET', `/api/v1/actions/${actionId}/events`, undefined, 'aetherium'],
        ['POST', `/api/v1/actions/${actionId}/approve`, '{}', 'aetherium'],
        ['POST', `/api/v1/actions/${actionId}/reject`, '{}', 'aetherium'],
        ['GET', `/api/v1/compute/discovery-runs/${alphaRun}`, undefined, 'engine-core'],
        ['GET', `/api/v1/identity/users/${alphaAdminId ?? ''}`, undefined, 'hall-of-faces'],
        [
          'PATCH',
          `/api/v1/identity/users/${alphaAdminId ?? ''}`,
          '{"disabled":true}',
          'hall-of-faces',
        ],
      ];
    const betaApprover = await client.addPerson(beta.tenant, beta.admin, 'approver', [
      'approver',
      'admin',
    ]);
    for (const [method, path, body, service] of probes) {
      for (const at of [undefined, service]) {
        const answer = await client.call(
          method,
          path,
          betaApprover.token,
          body === undefined ? undefined : JSON.parse(body),
          { at },
        );
        expect({ method, path, at, status: answer.status }).toEqual({
          method,
          path,
          at,
          status: 404,
        });
      }
    }
    const stillPending = await client.call<{ status: string }>(
      'GET',
      `/api/v1/actions/${actionId}`,
      alpha.admin,
    );
    expect(stillPending.body.status).toBe('pending_approval');
    expect(
      (await client.call('GET', `/api/v1/accounts/${alpha.accountId}`, alpha.admin)).status,
    ).toBe(200);
  });

  it('a query run with row-level security and no tenant set returns zero rows', async () => {
    for (const [service, table] of [
      ['aetherium', 'inventory_resources'],
      ['aetherium', 'cloud_accounts'],
      ['aetherium', 'actions'],
      ['engine-core', 'known_resources'],
      ['engine-core', 'discovery_runs'],
    ] as const) {
      const database = new Client({ connectionString: platform.databaseUrlOf(service) });
      await database.connect();
      try {
        const unscoped = await database.query<{ count: string }>(`SELECT count(*) FROM ${table}`);
        await database.query('BEGIN');
        await database.query(`SELECT set_config('codex.tenant_id', $1, true)`, [alpha.tenant.id]);
        const scoped = await database.query<{ count: string }>(`SELECT count(*) FROM ${table}`);
        await database.query('ROLLBACK');
        expect({ table, unscoped: Number(unscoped.rows[0]?.count) }).toEqual({
          table,
          unscoped: 0,
        });
        expect(Number(scoped.rows[0]?.count)).toBeGreaterThan(0);
      } finally {
        await database.end();
      }
    }
  });
});
