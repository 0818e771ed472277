import { eventually } from '@codex/testing';

import {
  ACME_ADMIN,
  type IssuerHarness,
  OPERATOR,
  type Problem,
  startIssuer,
} from '../testing/issuer-harness.fixture';

interface Created {
  tenant: { id: string; slug: string; status: string };
  admin: { id: string; email: string; password?: string };
}

/** A revoked token is refused within the revocation bound (ADR 11); the test allows for a slow machine. */
const REVOCATION_BOUND = { timeoutMs: 5_000, intervalMs: 100 };

describe('tenant provisioning by a platform operator', () => {
  let hof: IssuerHarness;
  let operator: string;

  const create = (slug: string, admin: Record<string, string> = { email: `admin@${slug}.test` }) =>
    hof.call('POST', '/api/v1/identity/tenants', {
      token: operator,
      body: { slug, name: `The ${slug} company`, admin },
    });
  const whoAmI = (token: string) => hof.call('GET', '/api/v1/identity/users', { token });

  beforeAll(async () => {
    hof = await startIssuer('hall_of_faces_tenants');
    operator = await hof.signIn(OPERATOR);
  });

  afterAll(async () => {
    await hof?.stop();
  });

  it('creates a tenant whose first admin signs in with the password shown once', async () => {
    const response = await create('globex');
    expect(response.status).toBe(201);
    const created = (await response.json()) as Created;
    expect(created.tenant).toMatchObject({ slug: 'globex', status: 'active' });
    expect(created.admin.password).toEqual(expect.any(String));
    const admin = await hof.signIn({
      tenant: 'globex',
      username: 'admin@globex.test',
      password: created.admin.password ?? '',
    });
    expect((await whoAmI(admin)).status).toBe(200);
    const audited = await hof.sql<{ tenant_id: string }>(
      `SELECT tenant_id FROM audit_events WHERE action = 'tenant.created' ORDER BY tenant_id`,
    );
    expect(audited.map((row) => row.tenant_id)).toEqual(
      ['00000000-0000-0000-0000-000000000000', created.tenant.id].sort(),
    );
  });

  it('refuses a taken slug, naming it', async () => {
    const response = await create('acme');
    expect(response.status).toBe(409);
    expect((await response.json()) as Problem).toMatchObject({
      code: 'slug_taken',
      errors: [{ field: 'body.slug', message: 'is taken' }],
    });
  });

  it('keeps operators and tenant admins apart: neither can do the other’s work', async () => {
    const admin = await hof.signIn(ACME_ADMIN);
    const asAdmin = await hof.call('GET', '/api/v1/identity/tenants', { token: admin });
    expect(asAdmin.status).toBe(403);
    expect((await whoAmI(operator)).status).toBe(403);
  });

  it('lists tenants a page at a time', async () => {
    for (const slug of ['page-a', 'page-b', 'page-c'])
      expect((await create(slug)).status).toBe(201);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const query: string = cursor ? `?limit=2&cursor=${cursor}` : '?limit=2';
      const page = (await (
        await hof.call('GET', `/api/v1/identity/tenants${query}`, { token: operator })
      ).json()) as { items: { slug: string }[]; nextCursor: string | null };
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.items.map((item) => item.slug));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(expect.arrayContaining(['acme', 'page-a', 'page-b', 'page-c']));
    expect(seen).not.toContain('platform');
    expect(new Set(seen).size).toBe(seen.length);
  });

  it('suspending a tenant stops its tokens at once and its sign-ins; resuming lets people back in', async () => {
    const created = (await (
      await create('initech', { email: 'admin@initech.test', password: 'initech admin password' })
    ).json()) as Created;
    const admin = {
      tenant: 'initech',
      username: 'admin@initech.test',
      password: 'initech admin password',
    };
    const before = await hof.signIn(admin);
    expect((await whoAmI(before)).status).toBe(200);

    const suspended = await hof.call(
      'POST',
      `/api/v1/identity/tenants/${created.tenant.id}/suspension`,
      {
        token: operator,
        body: { reason: 'unpaid invoices' },
      },
    );
    expect(suspended.status).toBe(200);
    expect(((await suspended.json()) as { status: string }).status).toBe('suspended');
    await eventually(async () => expect((await whoAmI(before)).status).toBe(401), REVOCATION_BOUND);
    expect((await hof.tokenRequest({ grant_type: 'password', ...admin })).status).toBe(400);

    const resumed = await hof.call(
      'DELETE',
      `/api/v1/identity/tenants/${created.tenant.id}/suspension`,
      {
        token: operator,
      },
    );
    expect(resumed.status).toBe(200);
    const after = await hof.signIn(admin);
    expect((await whoAmI(after)).status).toBe(200);
    expect((await whoAmI(before)).status).toBe(401);
    const audited = await hof.sql<{ action: string }>(
      `SELECT action FROM audit_events WHERE tenant_id = $1 AND action LIKE 'tenant.%' ORDER BY occurred_at`,
      [created.tenant.id],
    );
    expect(audited.map((row) => row.action)).toEqual([
      'tenant.created',
      'tenant.suspended',
      'tenant.resumed',
    ]);
  });

  it('deleting a tenant stops its people, keys and sessions for good', async () => {
    const created = (await (
      await create('umbrella', {
        email: 'admin@umbrella.test',
        password: 'umbrella admin password',
      })
    ).json()) as Created;
    const admin = {
      tenant: 'umbrella',
      username: 'admin@umbrella.test',
      password: 'umbrella admin password',
    };
    const token = await hof.signIn(admin);
    const { key } = (await (
      await hof.call('POST', '/api/v1/identity/api-keys', {
        token,
        body: { name: 'automation', roles: ['viewer'] },
      })
    ).json()) as { key: string };

    const deleted = await hof.call('DELETE', `/api/v1/identity/tenants/${created.tenant.id}`, {
      token: operator,
    });
    expect(deleted.status).toBe(200);
    expect(((await deleted.json()) as { status: string }).status).toBe('deleted');
    await eventually(async () => expect((await whoAmI(token)).status).toBe(401), REVOCATION_BOUND);
    expect((await hof.tokenRequest({ grant_type: 'password', ...admin })).status).toBe(400);
    const exchanged = await hof.tokenRequest({
      grant_type: 'urn:codex:grant-type:api-key',
      api_key: key,
    });
    expect(exchanged.status).toBe(400);
    const resumed = await hof.call(
      'DELETE',
      `/api/v1/identity/tenants/${created.tenant.id}/suspension`,
      { token: operator },
    );
    expect(resumed.status).toBe(409);
  });

  it('the operators’ own tenant cannot be suspended, and another tenant’s id answers 404', async () => {
    const own = await hof.call(
      'POST',
      '/api/v1/identity/tenants/00000000-0000-0000-0000-000000000000/suspension',
      { token: operator },
    );
    expect(own.status).toBe(404);
    const unknown = await hof.call(
      'POST',
      '/api/v1/identity/tenants/6f1c1f7e-8d55-4c9b-9a53-2a3c1b8f0e11/suspension',
      { token: operator },
    );
    expect(unknown.status).toBe(404);
  });
});
