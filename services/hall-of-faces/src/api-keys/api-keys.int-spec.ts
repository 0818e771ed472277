import { decodeJwt } from 'jose';

import {
  ACME_ADMIN,
  type IssuerHarness,
  type Problem,
  startIssuer,
} from '../testing/issuer-harness.fixture';

const PATH = '/api/v1/identity/api-keys';
const GRANT = 'urn:codex:grant-type:api-key';

interface CreatedKey {
  id: string;
  key: string;
  name: string;
  roles: string[];
  createdAt: string;
}

describe('API keys', () => {
  let hof: IssuerHarness;
  let admin: string;

  const createKey = async (body: unknown, token = admin) => {
    const response = await hof.call('POST', PATH, { token, body });
    expect(response.status).toBe(201);
    return (await response.json()) as CreatedKey;
  };

  const exchange = (key: string) => hof.tokenRequest({ grant_type: GRANT, api_key: key });

  const count = async (table: string) =>
    (await hof.sql<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`))[0]?.n;

  beforeAll(async () => {
    hof = await startIssuer('hall_of_faces_api_keys');
    admin = await hof.signIn(ACME_ADMIN);
  });

  afterAll(async () => {
    await hof?.stop();
  });

  it('an admin creates a key that is exchanged for a short-lived token with the key’s tenant and roles', async () => {
    const created = await createKey({ name: 'nightly export', roles: ['viewer', 'operator'] });
    expect(created).toMatchObject({ name: 'nightly export', roles: ['viewer', 'operator'] });
    expect(created.key).toMatch(new RegExp(`^cdx_${created.id}_[A-Za-z0-9_-]{43}$`));

    const response = await exchange(created.key);
    expect(response.status).toBe(200);
    const { access_token: token, expires_in: expiresIn } = (await response.json()) as {
      access_token: string;
      expires_in: number;
    };
    const adminPrincipal = await hof.verifier().verify(admin);
    expect(await hof.verifier().verify(token)).toMatchObject({
      subject: `apikey:${created.id}`,
      tenantId: adminPrincipal.tenantId,
      roles: ['viewer', 'operator'],
    });
    const claims = decodeJwt(token);
    expect(claims.api_key_id).toBe(created.id);
    expect(expiresIn).toBe(300);
    expect((claims.exp ?? 0) - (claims.iat ?? 0)).toBe(300);
  });

  it('takes the key in a JSON body too', async () => {
    const created = await createKey({ name: 'json client', roles: ['viewer'] });
    const response = await fetch(`${hof.url}/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ grant_type: GRANT, api_key: created.key }),
    });
    expect(response.status).toBe(200);
  });

  it('records when a key was last used, without an audit row per use', async () => {
    const created = await createKey({ name: 'usage', roles: ['viewer'] });
    const [before] = await hof.sql<{ last_used_at: Date | null }>(
      'SELECT last_used_at FROM api_keys WHERE id = $1',
      [created.id],
    );
    expect(before?.last_used_at).toBeNull();
    const auditRowsBefore = await count('audit_events');

    expect((await exchange(created.key)).status).toBe(200);

    const [after] = await hof.sql<{ last_used_at: Date | null }>(
      'SELECT last_used_at FROM api_keys WHERE id = $1',
      [created.id],
    );
    expect(after?.last_used_at).toBeInstanceOf(Date);
    expect(await count('audit_events')).toBe(auditRowsBefore);
    const listed = (await (await hof.call('GET', PATH, { token: admin })).json()) as {
      items: { id: string; lastUsedAt: string | null }[];
    };
    expect(listed.items.find((item) => item.id === created.id)?.lastUsedAt).toBe(
      after?.last_used_at?.toISOString(),
    );
  });

  it('a revoked key gets invalid_grant, and the failure is audited in the key’s tenant', async () => {
    const created = await createKey({ name: 'to revoke', roles: ['viewer'] });
    const revoked = await hof.call('DELETE', `${PATH}/${created.id}`, { token: admin });
    expect(revoked.status).toBe(204);

    const refused = await exchange(created.key);
    expect(refused.status).toBe(400);
    expect(await refused.json()).toMatchObject({
      code: 'invalid_grant',
      error: 'invalid_grant',
      error_description: 'the API key is unknown, revoked or wrong',
    });
    const { tenantId, subject } = await hof.verifier().verify(admin);
    const audited = await hof.sql<{ action: string; tenant_id: string; actor: string }>(
      `SELECT action, tenant_id, actor FROM audit_events
       WHERE action IN ('api_key.revoked', 'api_key_sign_in.failed') AND actor IN ($1, $2)`,
      [`apikey:${created.id}`, subject],
    );
    expect(audited).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ action: 'api_key.revoked', tenant_id: tenantId }),
        { action: 'api_key_sign_in.failed', tenant_id: tenantId, actor: `apikey:${created.id}` },
      ]),
    );
  });

  it.each([
    ['a wrong secret', (key: string) => `${key.slice(0, -1)}${key.endsWith('A') ? 'B' : 'A'}`],
    ['an unknown id', (key: string) => key.replace(/^cdx_[0-9a-f]{12}_/, 'cdx_000000000000_')],
    ['text that is no key', () => 'not-a-key'],
  ])('refuses %s with invalid_grant', async (_case, alter) => {
    const created = await createKey({ name: 'genuine', roles: ['viewer'] });
    const failuresBefore = await hof.sql(
      `SELECT 1 FROM audit_events WHERE action = 'api_key_sign_in.failed'`,
    );
    const refused = await exchange(alter(created.key));
    expect(refused.status).toBe(400);
    expect(((await refused.json()) as Problem).error).toBe('invalid_grant');
    const failuresAfter = await hof.sql(
      `SELECT 1 FROM audit_events WHERE action = 'api_key_sign_in.failed'`,
    );
    expect(failuresAfter.length).toBe(failuresBefore.length + 1);
  });

  it('lists every key once, newest first, a page at a time', async () => {
    const { admin: other } = await hof.addTenant('paging');
    const token = await hof.signIn(other);
    const made: string[] = [];
    for (let i = 0; i < 5; i += 1)
      made.push((await createKey({ name: `k${i}`, roles: ['viewer'] }, token)).id);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const response = await hof.call(
        'GET',
        `${PATH}?limit=2${cursor ? `&cursor=${cursor}` : ''}`,
        {
          token,
        },
      );
      const page = (await response.json()) as {
        items: { id: string }[];
        nextCursor: string | null;
      };
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.items.map((item) => item.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual([...made].reverse());
    const forged = await hof.call('GET', `${PATH}?cursor=bm90LWEtY3Vyc29y`, { token });
    expect(forged.status).toBe(400);
  });

  it('lists the tenant’s keys without the key or its hash', async () => {
    const created = await createKey({ name: 'listed', roles: ['approver'] });
    const response = await hof.call('GET', PATH, { token: admin });
    expect(response.status).toBe(200);
    const text = await response.text();
    const [stored] = await hof.sql<{ secret_hash: string }>(
      'SELECT secret_hash FROM api_keys WHERE id = $1',
      [created.id],
    );
    expect(text).not.toContain(created.key);
    // The secret is base64url and may itself contain underscores: it is everything after the id.
    expect(text).not.toContain(created.key.slice('cdx_'.length + created.id.length + 1));
    expect(text).not.toContain(stored?.secret_hash);
    const { items } = JSON.parse(text) as { items: Record<string, unknown>[] };
    expect(items[0]).toEqual({
      id: created.id,
      name: 'listed',
      roles: ['approver'],
      createdAt: created.createdAt,
      lastUsedAt: null,
      revokedAt: null,
    });
  });

  it('keeps tenants apart: another tenant neither sees nor revokes the key, which keeps working', async () => {
    const created = await createKey({ name: 'acme only', roles: ['viewer'] });
    const { admin: initechAdmin } = await hof.addTenant('initech');
    const initech = await hof.signIn(initechAdmin);

    const listed = (await (await hof.call('GET', PATH, { token: initech })).json()) as {
      items: unknown[];
    };
    expect(listed.items).toEqual([]);
    const revoke = await hof.call('DELETE', `${PATH}/${created.id}`, { token: initech });
    expect(revoke.status).toBe(404);
    expect(await revoke.json()).toMatchObject({ status: 404, code: 'not_found' });
    const [row] = await hof.sql<{ revoked_at: Date | null }>(
      'SELECT revoked_at FROM api_keys WHERE id = $1',
      [created.id],
    );
    expect(row?.revoked_at).toBeNull();
    expect((await exchange(created.key)).status).toBe(200);
  });

  it('answers 400 naming each bad field, writing nothing', async () => {
    const keysBefore = await count('api_keys');
    const auditBefore = await count('audit_events');
    const response = await hof.call('POST', PATH, {
      token: admin,
      body: { name: 42, roles: ['viewer', 'root'], expiresAt: 'never' },
    });
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    const problem = (await response.json()) as Problem;
    expect(problem.code).toBe('validation_failed');
    expect(problem.errors?.map((error) => error.field).sort()).toEqual([
      'body.expiresAt',
      'body.name',
      'body.roles.1',
    ]);
    expect(await count('api_keys')).toBe(keysBefore);
    expect(await count('audit_events')).toBe(auditBefore);
  });

  it('answers 400 malformed_json for a body that is not JSON', async () => {
    const keysBefore = await count('api_keys');
    const response = await hof.call('POST', PATH, { token: admin, body: '{"name": "x",' });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({
      code: 'malformed_json',
      errors: [{ field: 'body', message: 'is not valid JSON' }],
    });
    expect(await count('api_keys')).toBe(keysBefore);
  });

  it('lets only admins manage keys, and a key with the admin role is one', async () => {
    const { credentials } = await hof.addUser('acme', 'operator@acme.test', ['operator']);
    const operator = await hof.signIn(credentials);
    expect((await hof.call('GET', PATH, { token: operator })).status).toBe(403);
    expect(
      (await hof.call('POST', PATH, { token: operator, body: { name: 'x', roles: ['viewer'] } }))
        .status,
    ).toBe(403);

    const adminKey = await createKey({ name: 'automation', roles: ['admin'] });
    const { access_token: keyToken } = (await (await exchange(adminKey.key)).json()) as {
      access_token: string;
    };
    const byKey = await createKey({ name: 'made by a key', roles: ['viewer'] }, keyToken);
    const [row] = await hof.sql<{ created_by: string }>(
      'SELECT created_by FROM api_keys WHERE id = $1',
      [byKey.id],
    );
    const person = (await hof.verifier().verify(keyToken)).person;
    expect(row?.created_by).toBe(person);
    expect(person).not.toMatch(/^apikey:/);
  });
});
