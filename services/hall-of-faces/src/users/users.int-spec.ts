import { randomUUID } from 'node:crypto';

import {
  ACME_ADMIN,
  type IssuerHarness,
  type Problem,
  startIssuer,
} from '../testing/issuer-harness.fixture';

const PATH = '/api/v1/identity/users';

interface User {
  id: string;
  email: string;
  roles: string[];
  createdAt: string;
  disabledAt: string | null;
}

interface UserPage {
  items: User[];
  nextCursor: string | null;
}

describe('user administration', () => {
  let hof: IssuerHarness;
  let admin: string;
  let adminId: string;

  const createUser = async (email: string, roles: string[]) => {
    const response = await hof.call('POST', PATH, {
      token: admin,
      body: { email, password: 'twelve chars long', roles },
    });
    expect(response.status).toBe(201);
    return (await response.json()) as User;
  };

  const count = async (table: string) =>
    (await hof.sql<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`))[0]?.n;

  beforeAll(async () => {
    hof = await startIssuer('hall_of_faces_users');
    admin = await hof.signIn(ACME_ADMIN);
    adminId = (await hof.verifier().verify(admin)).subject;
  });

  afterAll(async () => {
    await hof?.stop();
  });

  it('an admin adds a user who can then sign in with the given roles, and the addition is audited', async () => {
    const created = await createUser('  Dana@Acme.TEST ', ['operator', 'viewer']);
    expect(created).toMatchObject({
      email: 'dana@acme.test',
      roles: ['viewer', 'operator'],
      disabledAt: null,
    });
    const token = await hof.signIn({
      tenant: 'acme',
      username: 'dana@acme.test',
      password: 'twelve chars long',
    });
    expect(await hof.verifier().verify(token)).toMatchObject({
      subject: created.id,
      roles: ['viewer', 'operator'],
    });
    const fetched = await hof.call('GET', `${PATH}/${created.id}`, { token: admin });
    expect(await fetched.json()).toEqual(created);
    const [audit] = await hof.sql<{ actor: string; details: Record<string, unknown> }>(
      `SELECT actor, details FROM audit_events WHERE action = 'user.created'`,
    );
    expect(audit).toEqual({
      actor: adminId,
      details: { userId: created.id, email: 'dana@acme.test', roles: ['viewer', 'operator'] },
    });
  });

  it('answers 409 user_exists for an email already in the tenant, writing nothing', async () => {
    const usersBefore = await count('platform_users');
    const response = await hof.call('POST', PATH, {
      token: admin,
      body: { email: 'ADMIN@acme.test', password: 'another password', roles: ['viewer'] },
    });
    expect(response.status).toBe(409);
    expect(((await response.json()) as Problem).code).toBe('user_exists');
    expect(await count('platform_users')).toBe(usersBefore);
  });

  it.each([
    [
      'unknown fields and bad types',
      { email: 'x@acme.test', password: 12, roles: 'admin', admin: true },
      ['body.admin', 'body.password', 'body.roles'],
    ],
    [
      'a short password, a bad email and an unknown role',
      { email: 'not-an-email', password: 'short', roles: ['root'] },
      ['body.email', 'body.password', 'body.roles.0'],
    ],
    ['a missing body', undefined, ['body']],
  ])('answers 400 naming every bad field for %s, writing nothing', async (_case, body, fields) => {
    const usersBefore = await count('platform_users');
    const auditBefore = await count('audit_events');
    const response = await hof.call('POST', PATH, { token: admin, body });
    expect(response.status).toBe(400);
    const problem = (await response.json()) as Problem;
    expect(problem.errors?.map((error) => error.field).sort()).toEqual(fields);
    expect(await count('platform_users')).toBe(usersBefore);
    expect(await count('audit_events')).toBe(auditBefore);
  });

  it('answers 400 malformed_json for a body that is not JSON', async () => {
    const response = await hof.call('POST', PATH, { token: admin, body: '{"email":' });
    expect(response.status).toBe(400);
    expect(((await response.json()) as Problem).code).toBe('malformed_json');
  });

  it('pages through the tenant’s users oldest first, each exactly once', async () => {
    for (const name of ['erin', 'frank', 'grace'])
      await createUser(`${name}@acme.test`, ['viewer']);
    const all = (await (
      await hof.call('GET', `${PATH}?limit=200`, { token: admin })
    ).json()) as UserPage;
    expect(all.nextCursor).toBeNull();
    expect(all.items[0]?.email).toBe(ACME_ADMIN.username);
    expect(JSON.stringify(all)).not.toMatch(/password/i);

    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const query: string = cursor ? `&cursor=${cursor}` : '';
      const page = (await (
        await hof.call('GET', `${PATH}?limit=2${query}`, { token: admin })
      ).json()) as UserPage;
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.items.map((user) => user.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(all.items.map((user) => user.id));
  });

  it('answers 400 naming the parameter for a bad limit or cursor', async () => {
    const response = await hof.call('GET', `${PATH}?limit=0&cursor=nonsense&sort=email`, {
      token: admin,
    });
    expect(response.status).toBe(400);
    expect(((await response.json()) as Problem).errors?.map((error) => error.field).sort()).toEqual(
      ['query.cursor', 'query.limit', 'query.sort'],
    );
  });

  it('answers 404 for another tenant’s user, an unknown id and a malformed one, alike', async () => {
    const { admin: initechAdmin } = await hof.addTenant('initech');
    const initech = await hof.signIn(initechAdmin);
    const initechUsers = (await (
      await hof.call('GET', PATH, { token: initech })
    ).json()) as UserPage;
    expect(initechUsers.items.map((user) => user.email)).toEqual([initechAdmin.username]);
    const initechAdminId = initechUsers.items[0]?.id ?? '';

    for (const id of [initechAdminId, randomUUID(), 'not-a-uuid']) {
      const response = await hof.call('GET', `${PATH}/${id}`, { token: admin });
      expect(response.status).toBe(404);
      expect(await response.json()).toMatchObject({ status: 404, code: 'not_found' });
    }
    const patch = await hof.call('PATCH', `${PATH}/${initechAdminId}`, {
      token: admin,
      body: { disabled: true },
    });
    expect(patch.status).toBe(404);
    const [row] = await hof.sql<{ disabled_at: Date | null }>(
      'SELECT disabled_at FROM platform_users WHERE id = $1',
      [initechAdminId],
    );
    expect(row?.disabled_at).toBeNull();
  });

  it('a role change is audited with from and to; an unchanged patch audits nothing', async () => {
    const user = await createUser('hank@acme.test', ['viewer']);
    const changed = await hof.call('PATCH', `${PATH}/${user.id}`, {
      token: admin,
      body: { roles: ['approver', 'viewer'] },
      headers: { 'x-forwarded-for': '203.0.113.40' },
    });
    expect(changed.status).toBe(200);
    expect(await changed.json()).toMatchObject({ id: user.id, roles: ['viewer', 'approver'] });
    const auditBefore = await count('audit_events');
    const unchanged = await hof.call('PATCH', `${PATH}/${user.id}`, {
      token: admin,
      body: { roles: ['viewer', 'approver'], disabled: false },
    });
    expect(unchanged.status).toBe(200);
    expect(await count('audit_events')).toBe(auditBefore);

    const [audit] = await hof.sql<{ actor: string; source_ip: string; details: unknown }>(
      `SELECT actor, source_ip, details FROM audit_events WHERE action = 'user.role_changed'`,
    );
    expect(audit).toEqual({
      actor: adminId,
      source_ip: '203.0.113.40',
      details: { userId: user.id, from: ['viewer'], to: ['viewer', 'approver'] },
    });
  });

  it('a disabled user cannot sign in until enabled again, and both changes are audited', async () => {
    const user = await createUser('ivy@acme.test', ['viewer']);
    const credentials = {
      tenant: 'acme',
      username: 'ivy@acme.test',
      password: 'twelve chars long',
    };
    const disabled = await hof.call('PATCH', `${PATH}/${user.id}`, {
      token: admin,
      body: { disabled: true },
    });
    expect(((await disabled.json()) as User).disabledAt).not.toBeNull();
    const refused = await hof.tokenRequest({ grant_type: 'password', ...credentials });
    expect(refused.status).toBe(400);

    await hof.call('PATCH', `${PATH}/${user.id}`, { token: admin, body: { disabled: false } });
    await expect(hof.signIn(credentials)).resolves.toEqual(expect.any(String));
    const actions = await hof.sql<{ action: string }>(
      `SELECT action FROM audit_events WHERE details->>'userId' = $1 ORDER BY occurred_at`,
      [user.id],
    );
    expect(actions.map((row) => row.action)).toEqual([
      'user.created',
      'user.disabled',
      'user.enabled',
    ]);
  });

  it('refuses an admin’s own demotion or disabling with 409 self_demotion', async () => {
    for (const body of [{ roles: ['viewer'] }, { disabled: true }]) {
      const response = await hof.call('PATCH', `${PATH}/${adminId}`, { token: admin, body });
      expect(response.status).toBe(409);
      expect(((await response.json()) as Problem).code).toBe('self_demotion');
    }
    const [row] = await hof.sql<{ roles: string[]; disabled_at: Date | null }>(
      'SELECT roles, disabled_at FROM platform_users WHERE id = $1',
      [adminId],
    );
    expect(row).toEqual({ roles: ['admin'], disabled_at: null });
  });

  it('refuses to demote the last enabled admin with 409 last_admin, but allows it once another exists', async () => {
    const { tenantId } = await hof.addTenant('hooli');
    const hooliAdmin = await hof.signIn({
      tenant: 'hooli',
      username: 'admin@hooli.test',
      password: 'admin@hooli.test password',
    });
    const [human] = await hof.sql<{ id: string }>(
      'SELECT id FROM platform_users WHERE tenant_id = $1',
      [tenantId],
    );
    // A key made by another admin, who has since been disabled, acts for nobody still enabled.
    const other = await hof.addUser('hooli', 'other@hooli.test', ['admin']);
    const keyResponse = await hof.call('POST', '/api/v1/identity/api-keys', {
      token: await hof.signIn(other.credentials),
      body: { name: 'automation', roles: ['admin'] },
    });
    const { key } = (await keyResponse.json()) as { key: string };
    const disabled = await hof.call('PATCH', `${PATH}/${other.id}`, {
      token: hooliAdmin,
      body: { disabled: true },
    });
    expect(disabled.status).toBe(200);
    const keyToken = (
      (await (
        await hof.tokenRequest({ grant_type: 'urn:codex:grant-type:api-key', api_key: key })
      ).json()) as { access_token: string }
    ).access_token;

    const refused = await hof.call('PATCH', `${PATH}/${human?.id}`, {
      token: keyToken,
      body: { roles: ['viewer'] },
    });
    expect(refused.status).toBe(409);
    expect(((await refused.json()) as Problem).code).toBe('last_admin');

    const second = await hof.call('POST', PATH, {
      token: keyToken,
      body: { email: 'second@hooli.test', password: 'twelve chars long', roles: ['admin'] },
    });
    expect(second.status).toBe(201);
    const allowed = await hof.call('PATCH', `${PATH}/${human?.id}`, {
      token: keyToken,
      body: { roles: ['viewer'] },
    });
    expect(allowed.status).toBe(200);
  });

  it('refuses a demotion through an API key the admin made themselves, as their own', async () => {
    const { tenantId } = await hof.addTenant('pied-piper');
    const admin = await hof.signIn({
      tenant: 'pied-piper',
      username: 'admin@pied-piper.test',
      password: 'admin@pied-piper.test password',
    });
    await hof.addUser('pied-piper', 'second@pied-piper.test', ['admin']);
    const { key } = (await (
      await hof.call('POST', '/api/v1/identity/api-keys', {
        token: admin,
        body: { name: 'mine', roles: ['admin'] },
      })
    ).json()) as { key: string };
    const keyToken = (
      (await (
        await hof.tokenRequest({ grant_type: 'urn:codex:grant-type:api-key', api_key: key })
      ).json()) as { access_token: string }
    ).access_token;
    const [self] = await hof.sql<{ id: string }>(
      `SELECT id FROM platform_users WHERE tenant_id = $1 AND email = 'admin@pied-piper.test'`,
      [tenantId],
    );
    const refused = await hof.call('PATCH', `${PATH}/${self?.id}`, {
      token: keyToken,
      body: { roles: ['viewer'] },
    });
    expect(refused.status).toBe(409);
    expect(((await refused.json()) as Problem).code).toBe('self_demotion');
  });

  it('answers 400 naming the field for an unknown field in a change, writing nothing', async () => {
    const user = await createUser('jack@acme.test', ['viewer']);
    const auditBefore = await count('audit_events');
    const response = await hof.call('PATCH', `${PATH}/${user.id}`, {
      token: admin,
      body: { roles: ['admin'], email: 'boss@acme.test', disabled: 'yes' },
    });
    expect(response.status).toBe(400);
    expect(((await response.json()) as Problem).errors?.map((error) => error.field).sort()).toEqual(
      ['body.disabled', 'body.email'],
    );
    const [row] = await hof.sql<{ roles: string[]; email: string }>(
      'SELECT roles, email FROM platform_users WHERE id = $1',
      [user.id],
    );
    expect(row).toEqual({ roles: ['viewer'], email: 'jack@acme.test' });
    expect(await count('audit_events')).toBe(auditBefore);
  });

  it('lets only admins manage users: 403 for a viewer, 401 without a token', async () => {
    const { credentials } = await hof.addUser('acme', 'viewer@acme.test', ['viewer']);
    const viewer = await hof.signIn(credentials);
    expect((await hof.call('GET', PATH, { token: viewer })).status).toBe(403);
    expect((await hof.call('GET', `${PATH}/${adminId}`, { token: viewer })).status).toBe(403);
    expect(
      (await hof.call('PATCH', `${PATH}/${adminId}`, { token: viewer, body: { disabled: true } }))
        .status,
    ).toBe(403);
    expect((await hof.call('GET', PATH)).status).toBe(401);
  });
});
