import {
  eventually,
  MotoAccount,
  OPERATOR,
  type RunningPlatform,
  startPlatform,
} from '@codex/testing';

import { buildSharedEstate, instanceUrn, TenancyClient, type Tenant, US } from './tenancy-client';

type Service = Parameters<RunningPlatform['urlOf']>[0];

/** Within the revocation bound (ADR 11), with room for a loaded machine. */
const REVOCATION_BOUND = { timeoutMs: 6_000, intervalMs: 100 };

/** A route of each service that needs a valid token and answers a viewer with 200. */
const SECURED: [Service, string][] = [
  ['aetherium', '/api/v1/inventory/summary'],
  ['aetherium', '/api/v1/accounts'],
  ['engine-core', '/api/v1/compute/discovery-runs'],
  ['hall-of-faces', '/api/v1/identity/me'],
];

describe('credentials across tenants: rotation, four eyes, revocation, a database outage', () => {
  let platform: RunningPlatform;
  let client: TenancyClient;
  let operator: string;
  let tenant: Tenant;
  let admin: string;
  const moto = new MotoAccount();
  let estate: Awaited<ReturnType<typeof buildSharedEstate>>;

  /** Every secured route, through the gateway and straight at its service. */
  const statuses = async (token: string) => {
    const seen: string[] = [];
    for (const [service, path] of SECURED) {
      for (const at of [undefined, service]) {
        const answer = await client.call('GET', path, token, undefined, { at });
        seen.push(`${at ?? 'gateway'} ${path} ${answer.status}`);
      }
    }
    return seen;
  };
  const allAnswer = (status: number) =>
    SECURED.flatMap(([service, path]) => [
      `gateway ${path} ${status}`,
      `${service} ${path} ${status}`,
    ]);

  beforeAll(async () => {
    platform = await startPlatform({
      pausableDatabase: true,
      serviceEnv: { 'engine-core': { DISCOVERY_INTERVAL_MINUTES: '0' } },
    });
    client = new TenancyClient(platform);
    operator = await client.signInOperator();
    tenant = await client.provisionTenant(operator, 'gamma');
    admin = await client.signIn(tenant.slug, tenant.admin.email, tenant.admin.password);
    estate = await buildSharedEstate(moto);
    const accountId = await client.connect(admin, moto);
    expect((await client.discover(admin, accountId)).status).toBe('succeeded');
  }, 240_000);

  afterAll(async () => {
    await platform?.stop();
  });

  it('a tenant admin cannot rotate the signing key', async () => {
    const refused = await client.call('POST', '/api/v1/identity/signing-keys/rotations', admin);
    expect(refused.status).toBe(403);
  });

  it('four rotations by the platform operator never make a valid token fail at any service', async () => {
    const older = await client.signIn(tenant.slug, tenant.admin.email, tenant.admin.password);
    for (let rotation = 1; rotation <= 4; rotation += 1) {
      const rotated = await client.call(
        'POST',
        '/api/v1/identity/signing-keys/rotations',
        operator,
      );
      expect(rotated.status).toBe(201);
      const fresh = await client.signIn(tenant.slug, tenant.admin.email, tenant.admin.password);
      for (const token of [older, fresh]) expect(await statuses(token)).toEqual(allAnswer(200));
    }
    const audit = await client.call<{ items: unknown[] }>(
      'GET',
      '/api/v1/identity/audit-events?action=signing_key.rotated',
      admin,
    );
    expect(audit.body.items).toHaveLength(4);
  });

  it('nobody approves their own action through an API key or a machine client they made', async () => {
    const key = await client.call<{ key: string }>('POST', '/api/v1/identity/api-keys', admin, {
      name: 'my approver key',
      roles: ['approver'],
    });
    const machine = await client.call<{ client_id: string; client_secret: string }>(
      'POST',
      '/api/v1/identity/machine-clients',
      admin,
      { name: 'my approver bot', roles: ['approver'] },
    );
    const viaKey = await client.tokenFor({
      grant_type: 'urn:codex:grant-type:api-key',
      api_key: key.body.key,
    });
    const viaClient = await client.tokenFor({
      grant_type: 'client_credentials',
      client_id: machine.body.client_id,
      client_secret: machine.body.client_secret,
    });
    const requested = await client.call<{ action: { id: string; status: string } }>(
      'POST',
      '/api/v1/actions',
      admin,
      { targetUrn: instanceUrn(moto, US, estate.production[0] ?? ''), type: 'stop', reason: 'x' },
      { headers: { 'idempotency-key': 'four-eyes' } },
    );
    expect(requested.body.action.status).toBe('pending_approval');
    const path = `/api/v1/actions/${requested.body.action.id}`;
    for (const token of [viaKey, viaClient, admin]) {
      for (const decision of ['approve', 'reject']) {
        const refused = await client.call<{ code: string }>(
          'POST',
          `${path}/${decision}`,
          token,
          {},
        );
        expect({ status: refused.status, code: refused.body.code }).toEqual({
          status: 403,
          code: 'own_action',
        });
      }
    }
    const approver = await client.addPerson(tenant, admin, 'april', ['approver']);
    const approved = await client.call<{ status: string }>(
      'POST',
      `${path}/approve`,
      approver.token,
      {},
    );
    expect(approved.status).toBe(200);
    expect(approved.body.status).toBe('dispatched');
  });

  it('a disabled, a demoted user, a revoked key and a revoked client lose access within seconds, at the gateway and at each service', async () => {
    const disabled = await client.addPerson(tenant, admin, 'dora', ['viewer']);
    const demoted = await client.addPerson(tenant, admin, 'dmitri', ['admin']);
    const key = await client.call<{ id: string; key: string }>(
      'POST',
      '/api/v1/identity/api-keys',
      admin,
      {
        name: 'soon revoked',
        roles: ['admin'],
      },
    );
    const machine = await client.call<{ client_id: string; client_secret: string }>(
      'POST',
      '/api/v1/identity/machine-clients',
      admin,
      { name: 'soon revoked', roles: ['admin'] },
    );
    const keyToken = await client.tokenFor({
      grant_type: 'urn:codex:grant-type:api-key',
      api_key: key.body.key,
    });
    const clientToken = await client.tokenFor({
      grant_type: 'client_credentials',
      client_id: machine.body.client_id,
      client_secret: machine.body.client_secret,
    });
    for (const token of [disabled.token, demoted.token, keyToken, clientToken]) {
      expect(await statuses(token)).toEqual(allAnswer(200));
    }

    await client.call('PATCH', `/api/v1/identity/users/${disabled.id}`, admin, { disabled: true });
    await client.call('PATCH', `/api/v1/identity/users/${demoted.id}`, admin, {
      roles: ['viewer'],
    });
    await client.call('DELETE', `/api/v1/identity/api-keys/${key.body.id}`, admin);
    await client.call(
      'DELETE',
      `/api/v1/identity/machine-clients/${machine.body.client_id}`,
      admin,
    );

    for (const token of [disabled.token, demoted.token, keyToken, clientToken]) {
      await eventually(
        async () => expect(await statuses(token)).toEqual(allAnswer(401)),
        REVOCATION_BOUND,
      );
    }
    const keyAtGateway = await fetch(`${platform.gatewayUrl}/api/v1/inventory/summary`, {
      headers: { 'x-api-key': key.body.key },
    });
    expect(keyAtGateway.status).toBe(401);
  });

  it("suspending a tenant stops its people's and machines' tokens within seconds everywhere, and resuming lets them sign in again", async () => {
    const suspended = await client.provisionTenant(operator, 'delta');
    const deltaAdmin = await client.signIn(
      suspended.slug,
      suspended.admin.email,
      suspended.admin.password,
    );
    const key = await client.call<{ key: string }>(
      'POST',
      '/api/v1/identity/api-keys',
      deltaAdmin,
      {
        name: 'automation',
        roles: ['viewer'],
      },
    );
    expect(await statuses(deltaAdmin)).toEqual(allAnswer(200));

    const suspension = await client.call(
      'POST',
      `/api/v1/identity/tenants/${suspended.id}/suspension`,
      operator,
      {
        reason: 'test',
      },
    );
    expect(suspension.status).toBe(200);
    await eventually(
      async () => expect(await statuses(deltaAdmin)).toEqual(allAnswer(401)),
      REVOCATION_BOUND,
    );
    const keyAtGateway = await fetch(`${platform.gatewayUrl}/api/v1/inventory/summary`, {
      headers: { 'x-api-key': key.body.key },
    });
    expect(keyAtGateway.status).toBe(401);
    await expect(
      client.signIn(suspended.slug, suspended.admin.email, suspended.admin.password),
    ).rejects.toThrow(/answered 400/);
    expect(await statuses(admin)).toEqual(allAnswer(200));

    await client.call('DELETE', `/api/v1/identity/tenants/${suspended.id}/suspension`, operator);
    const again = await client.signIn(
      suspended.slug,
      suspended.admin.email,
      suspended.admin.password,
    );
    await eventually(
      async () => expect(await statuses(again)).toEqual(allAnswer(200)),
      REVOCATION_BOUND,
    );
  });

  it('with PostgreSQL frozen, valid tokens keep verifying at every service and the key set is still served', async () => {
    const token = await client.signIn(tenant.slug, tenant.admin.email, tenant.admin.password);
    const operatorToken = await client.signIn(OPERATOR.tenant, OPERATOR.email, OPERATOR.password);
    // A bad limit is refused after the token is checked and before any query: 400 proves the
    // token verified without the database, 403 that the operator's did and holds no tenant role.
    const checks: [Service, string][] = [
      ['aetherium', '/api/v1/inventory/resources?limit=many'],
      ['aetherium', '/api/v1/accounts?limit=many'],
      ['engine-core', '/api/v1/compute/discovery-runs?limit=many'],
      ['hall-of-faces', '/api/v1/identity/audit-events?limit=many'],
    ];
    platform.database?.pause();
    try {
      const jwks = await fetch(`${platform.gatewayUrl}/.well-known/jwks.json`);
      expect(jwks.status).toBe(200);
      for (const [candidate, expected] of [
        [token, 400],
        [operatorToken, 403],
      ] as const) {
        for (const [service, path] of checks) {
          for (const at of [undefined, service]) {
            const answer = await client.call('GET', path, candidate, undefined, { at });
            expect({ at, path, status: answer.status }).toEqual({ at, path, status: expected });
          }
        }
      }
    } finally {
      platform.database?.resume();
    }
    expect(await statuses(token)).toEqual(allAnswer(200));
  });
});
