import { decodeProtectedHeader } from 'jose';

import {
  ACME_ADMIN,
  type IssuerHarness,
  OPERATOR,
  type Problem,
  startIssuer,
} from '../testing/issuer-harness.fixture';

describe('built-in token issuer', () => {
  let hof: IssuerHarness;

  beforeAll(async () => {
    hof = await startIssuer('hall_of_faces_issuer');
  });

  afterAll(async () => {
    await hof?.stop();
  });

  it('publishes OpenID discovery, and a JWKS with the signing key and the next one, without a token', async () => {
    const discovery = (await (
      await fetch(`${hof.url}/.well-known/openid-configuration`)
    ).json()) as Record<string, unknown>;
    expect(discovery).toMatchObject({
      issuer: hof.url,
      jwks_uri: `${hof.url}/.well-known/jwks.json`,
      token_endpoint: `${hof.url}/oauth/token`,
      authorization_endpoint: `${hof.url}/oauth/authorize`,
      response_types_supported: ['code'],
      code_challenge_methods_supported: ['S256'],
      grant_types_supported: [
        'password',
        'client_credentials',
        'authorization_code',
        'refresh_token',
        'urn:codex:grant-type:api-key',
      ],
    });
    const jwks = (await (await fetch(`${hof.url}/.well-known/jwks.json`)).json()) as {
      keys: { alg: string; kid: string }[];
    };
    expect(jwks.keys.map((key) => key.alg)).toEqual(['RS256', 'RS256']);
    const signedWith = decodeProtectedHeader(await hof.signIn(ACME_ADMIN)).kid;
    expect(jwks.keys.map((key) => key.kid)).toContain(signedWith);
  });

  it('signs the bootstrapped admin in with a token every service can verify', async () => {
    const principal = await hof.verifier().verify(await hof.signIn(ACME_ADMIN));
    expect(principal.roles).toEqual(['admin']);
    const [tenant] = await hof.sql<{ id: string }>('SELECT id FROM tenants WHERE slug = $1', [
      ACME_ADMIN.tenant,
    ]);
    expect(principal.tenantId).toBe(tenant?.id);
    const [audit] = await hof.sql<{ action: string; actor: string; tenant_id: string }>(
      `SELECT action, actor, tenant_id FROM audit_events WHERE action = 'sign_in.succeeded' ORDER BY occurred_at DESC LIMIT 1`,
    );
    expect(audit).toEqual({
      action: 'sign_in.succeeded',
      actor: principal.subject,
      tenant_id: tenant?.id,
    });
  });

  it.each([
    ['a wrong password', { ...ACME_ADMIN, password: 'wrong password here' }],
    ['an unknown user', { ...ACME_ADMIN, username: 'nobody@acme.test' }],
    ['an unknown tenant', { ...ACME_ADMIN, tenant: 'globex' }],
  ])(
    'answers invalid_grant as a problem for %s and audits the failure',
    async (_case, credentials) => {
      const response = await hof.tokenRequest({ grant_type: 'password', ...credentials });
      expect(response.status).toBe(400);
      expect(response.headers.get('cache-control')).toBe('no-store');
      expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(await response.json()).toMatchObject({
        status: 400,
        code: 'invalid_grant',
        error: 'invalid_grant',
        error_description: 'the tenant, username or password is wrong',
      });
      const failures = await hof.sql<{ actor: string }>(
        `SELECT actor FROM audit_events WHERE action = 'sign_in.failed' AND actor = $1`,
        [credentials.username],
      );
      expect(failures.length).toBeGreaterThan(0);
    },
  );

  it('names the missing field and refuses unsupported grants', async () => {
    const missing = await hof.tokenRequest({
      grant_type: 'password',
      tenant: 'acme',
      username: 'a@b.c',
    });
    expect(await missing.json()).toMatchObject({
      error: 'invalid_request',
      error_description: 'password is missing or invalid',
    });
    const unsupported = await hof.tokenRequest({ grant_type: 'implicit', code: 'x' });
    expect(((await unsupported.json()) as Problem).error).toBe('unsupported_grant_type');
  });

  it('rotates to the key it already published: new tokens use it, earlier ones still verify', async () => {
    const before = await hof.signIn(ACME_ADMIN);
    const keys = hof.verifier();
    await keys.verify(before);
    const keysBefore = (
      (await (await fetch(`${hof.url}/.well-known/jwks.json`)).json()) as {
        keys: { kid: string }[];
      }
    ).keys;

    const rotated = await hof.call('POST', '/api/v1/identity/signing-keys/rotations', {
      token: await hof.signIn(OPERATOR),
    });
    expect(rotated.status).toBe(201);
    const { kid } = (await rotated.json()) as { kid: string };

    const after = await hof.signIn(ACME_ADMIN);
    expect(decodeProtectedHeader(after).kid).toBe(kid);
    expect(keysBefore.map((key) => key.kid)).toContain(kid);
    expect(decodeProtectedHeader(before).kid).not.toBe(kid);
    await expect(keys.verify(after)).resolves.toMatchObject({ roles: ['admin'] });
    await expect(keys.verify(before)).resolves.toMatchObject({ roles: ['admin'] });
    const audit = await hof.call(
      'GET',
      '/api/v1/identity/audit-events?action=signing_key.rotated',
      {
        token: after,
      },
    );
    expect(((await audit.json()) as { items: { details: { kid: string } }[] }).items).toEqual([
      expect.objectContaining({ details: { kid } }),
    ]);
  });

  it('lets only a platform operator rotate keys: 401 without a token, 403 for a tenant admin or viewer', async () => {
    const path = '/api/v1/identity/signing-keys/rotations';
    const anonymous = await hof.call('POST', path);
    expect(anonymous.status).toBe(401);
    expect(((await anonymous.json()) as Problem).code).toBe('unauthenticated');
    const { credentials } = await hof.addUser('acme', 'viewer@acme.test', ['viewer']);
    for (const token of [await hof.signIn(credentials), await hof.signIn(ACME_ADMIN)]) {
      const response = await hof.call('POST', path, { token });
      expect(response.status).toBe(403);
      expect(((await response.json()) as Problem).code).toBe('forbidden');
    }
  });

  it('serves its OpenAPI document with the identity routes, the token endpoint needing no token', async () => {
    const document = (await (await fetch(`${hof.url}/openapi.json`)).json()) as {
      paths: Record<string, Record<string, { security?: unknown[]; tags?: string[] }>>;
    };
    expect(Object.keys(document.paths)).toEqual(
      expect.arrayContaining([
        '/oauth/token',
        '/api/v1/identity/users',
        '/api/v1/identity/users/{id}',
        '/api/v1/identity/api-keys',
        '/api/v1/identity/api-keys/{id}',
        '/api/v1/identity/machine-clients',
        '/api/v1/identity/audit-events',
        '/api/v1/identity/signing-keys/rotations',
      ]),
    );
    expect(document.paths['/oauth/token']?.post?.security).toEqual([]);
    expect(document.paths['/api/v1/identity/users']?.post?.tags).toEqual(['identity']);
  });

  describe('machine clients', () => {
    const path = '/api/v1/identity/machine-clients';

    it('an admin creates a client whose credentials get a token with its roles, until it is revoked', async () => {
      const admin = await hof.signIn(ACME_ADMIN);
      const created = await hof.call('POST', path, {
        token: admin,
        body: { name: 'ci-pipeline', roles: ['operator'] },
      });
      expect(created.status).toBe(201);
      const client = (await created.json()) as { client_id: string; client_secret: string };

      const basic = Buffer.from(`${client.client_id}:${client.client_secret}`).toString('base64');
      const granted = await hof.tokenRequest(
        { grant_type: 'client_credentials' },
        { authorization: `Basic ${basic}` },
      );
      expect(granted.status).toBe(200);
      const { access_token: token } = (await granted.json()) as { access_token: string };
      const adminPrincipal = await hof.verifier().verify(admin);
      expect(await hof.verifier().verify(token)).toMatchObject({
        subject: client.client_id,
        tenantId: adminPrincipal.tenantId,
        roles: ['operator'],
      });

      const revoked = await hof.call('DELETE', `${path}/${client.client_id}`, { token: admin });
      expect(revoked.status).toBe(204);
      const refused = await hof.tokenRequest({ grant_type: 'client_credentials', ...client });
      expect(refused.status).toBe(401);
      expect(((await refused.json()) as Problem).error).toBe('invalid_client');
    });

    it('lists the tenant’s clients without their secrets', async () => {
      const admin = await hof.signIn(ACME_ADMIN);
      const created = (await (
        await hof.call('POST', path, { token: admin, body: { name: 'lister', roles: ['viewer'] } })
      ).json()) as { client_id: string; client_secret: string };
      const listed = await hof.call('GET', path, { token: admin });
      expect(listed.status).toBe(200);
      const text = await listed.text();
      expect(text).not.toContain(created.client_secret);
      expect(text).not.toMatch(/secret/i);
      const { items } = JSON.parse(text) as { items: { clientId: string; revokedAt: unknown }[] };
      expect(items).toContainEqual(
        expect.objectContaining({ clientId: created.client_id, revokedAt: null }),
      );
    });

    it('challenges a wrong Basic secret with invalid_client and a Basic WWW-Authenticate', async () => {
      const admin = await hof.signIn(ACME_ADMIN);
      const client = (await (
        await hof.call('POST', path, {
          token: admin,
          body: { name: 'exporter', roles: ['viewer'] },
        })
      ).json()) as { client_id: string };
      const basic = Buffer.from(`${client.client_id}:nope`).toString('base64');
      const response = await hof.tokenRequest(
        { grant_type: 'client_credentials' },
        { authorization: `Basic ${basic}` },
      );
      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toMatch(/^Basic /);
      expect(await response.json()).toMatchObject({ error: 'invalid_client' });
    });

    it('answers 400 naming the field for an unknown role or an unknown field, and writes nothing', async () => {
      const admin = await hof.signIn(ACME_ADMIN);
      const badRole = await hof.call('POST', path, {
        token: admin,
        body: { name: 'x', roles: ['root'] },
      });
      expect(badRole.status).toBe(400);
      expect(((await badRole.json()) as Problem).errors).toEqual([
        { field: 'body.roles.0', message: 'expected one of viewer, operator, approver, admin' },
      ]);
      const extra = await hof.call('POST', path, {
        token: admin,
        body: { name: 'x', roles: ['viewer'], owner: 'me' },
      });
      expect(extra.status).toBe(400);
      expect(((await extra.json()) as Problem).errors).toEqual([
        { field: 'body.owner', message: 'is not a known field' },
      ]);
      const [count] = await hof.sql<{ n: number }>(
        `SELECT count(*)::int AS n FROM machine_clients WHERE name = 'x'`,
      );
      expect(count?.n).toBe(0);
    });

    it('answers 404 for a client of another tenant, and leaves it working', async () => {
      const acme = await hof.signIn(ACME_ADMIN);
      const client = (await (
        await hof.call('POST', path, { token: acme, body: { name: 'acme-bot', roles: ['viewer'] } })
      ).json()) as { client_id: string; client_secret: string };
      const { admin } = await hof.addTenant('initech');
      const initech = await hof.signIn(admin);
      const response = await hof.call('DELETE', `${path}/${client.client_id}`, { token: initech });
      expect(response.status).toBe(404);
      expect(((await response.json()) as Problem).code).toBe('not_found');
      const granted = await hof.tokenRequest({ grant_type: 'client_credentials', ...client });
      expect(granted.status).toBe(200);
    });
  });
});
