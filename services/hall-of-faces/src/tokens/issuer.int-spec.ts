import { randomUUID } from 'node:crypto';

import { JwtVerifier } from '@codex/auth';
import {
  createScratchDatabase,
  freePort,
  runService,
  type ScratchDatabase,
  serviceEnv,
  type ServiceProcess,
  startService,
} from '@codex/testing';
import { decodeProtectedHeader } from 'jose';
import { Client } from 'pg';

import { hashPassword } from '../identity/password-hasher';

const ADMIN = {
  tenant: 'acme',
  username: 'admin@acme.test',
  password: 'correct horse battery staple',
};

describe('built-in token issuer', () => {
  let database: ScratchDatabase;
  let service: ServiceProcess;
  let issuer: string;

  const form = (fields: Record<string, string>) =>
    fetch(`${issuer}/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(fields).toString(),
    });

  const tokenFor = async (credentials: typeof ADMIN) => {
    const response = await form({ grant_type: 'password', ...credentials });
    expect(response.status).toBe(200);
    return ((await response.json()) as { access_token: string }).access_token;
  };

  const verifier = () =>
    new JwtVerifier({
      issuer,
      audience: 'codex-api',
      jwksUri: `${issuer}/.well-known/jwks.json`,
      tenantClaim: 'tenant_id',
      rolesClaim: 'roles',
    });

  async function sql<T>(text: string, values: unknown[] = []): Promise<T[]> {
    const client = new Client({ connectionString: database.url });
    await client.connect();
    try {
      return (await client.query(text, values)).rows as T[];
    } finally {
      await client.end();
    }
  }

  beforeAll(async () => {
    database = await createScratchDatabase('hall_of_faces_issuer');
    const port = await freePort();
    issuer = `http://127.0.0.1:${port}`;
    const env = serviceEnv(database.url, {
      PORT: String(port),
      ISSUER_URL: issuer,
      BOOTSTRAP_TENANT_SLUG: ADMIN.tenant,
      BOOTSTRAP_ADMIN_EMAIL: ADMIN.username,
      BOOTSTRAP_ADMIN_PASSWORD: ADMIN.password,
    });
    expect((await runService('hall-of-faces', env, ['migrate']).exit).code).toBe(0);
    service = await startService('hall-of-faces', env);
  });

  afterAll(async () => {
    await service?.stop();
    await database?.drop();
  });

  it('publishes OpenID discovery, and a JWKS with the signing key and the next one', async () => {
    const discovery = (await (
      await fetch(`${issuer}/.well-known/openid-configuration`)
    ).json()) as Record<string, unknown>;
    expect(discovery).toMatchObject({
      issuer,
      jwks_uri: `${issuer}/.well-known/jwks.json`,
      token_endpoint: `${issuer}/oauth/token`,
    });
    const jwks = (await (await fetch(`${issuer}/.well-known/jwks.json`)).json()) as {
      keys: { alg: string; kid: string }[];
    };
    expect(jwks.keys.map((key) => key.alg)).toEqual(['RS256', 'RS256']);
    const signedWith = decodeProtectedHeader(await tokenFor(ADMIN)).kid;
    expect(jwks.keys.map((key) => key.kid)).toContain(signedWith);
  });

  it('signs the bootstrapped admin in with a token every service can verify', async () => {
    const principal = await verifier().verify(await tokenFor(ADMIN));
    expect(principal.roles).toEqual(['admin']);
    const [tenant] = await sql<{ id: string }>('SELECT id FROM tenants WHERE slug = $1', [
      ADMIN.tenant,
    ]);
    expect(principal.tenantId).toBe(tenant?.id);
    const [audit] = await sql<{ action: string; actor: string }>(
      `SELECT action, actor FROM audit_events WHERE action = 'sign_in.succeeded' ORDER BY occurred_at DESC LIMIT 1`,
    );
    expect(audit).toEqual({ action: 'sign_in.succeeded', actor: principal.subject });
  });

  it.each([
    ['a wrong password', { ...ADMIN, password: 'wrong password here' }],
    ['an unknown user', { ...ADMIN, username: 'nobody@acme.test' }],
    ['an unknown tenant', { ...ADMIN, tenant: 'globex' }],
  ])('answers invalid_grant for %s and audits the failure', async (_case, credentials) => {
    const response = await form({ grant_type: 'password', ...credentials });
    expect(response.status).toBe(400);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(await response.json()).toEqual({
      error: 'invalid_grant',
      error_description: 'the tenant, username or password is wrong',
    });
    const failures = await sql<{ actor: string }>(
      `SELECT actor FROM audit_events WHERE action = 'sign_in.failed' AND actor = $1`,
      [credentials.username],
    );
    expect(failures.length).toBeGreaterThan(0);
  });

  it('names the missing field and refuses unsupported grants', async () => {
    const missing = await form({ grant_type: 'password', tenant: 'acme', username: 'a@b.c' });
    expect(await missing.json()).toEqual({
      error: 'invalid_request',
      error_description: 'password is missing or invalid',
    });
    const unsupported = await form({ grant_type: 'authorization_code', code: 'x' });
    expect(((await unsupported.json()) as { error: string }).error).toBe('unsupported_grant_type');
  });

  it('rotates to the key it already published: new tokens use it, earlier ones still verify', async () => {
    const before = await tokenFor(ADMIN);
    const keys = verifier();
    await keys.verify(before);
    const keysBefore = (
      (await (await fetch(`${issuer}/.well-known/jwks.json`)).json()) as { keys: { kid: string }[] }
    ).keys;

    const rotated = await fetch(`${issuer}/admin/signing-keys/rotate`, {
      method: 'POST',
      headers: { authorization: `Bearer ${before}` },
    });
    expect(rotated.status).toBe(201);
    const { kid } = (await rotated.json()) as { kid: string };

    const after = await tokenFor(ADMIN);
    expect(decodeProtectedHeader(after).kid).toBe(kid);
    expect(keysBefore.map((key) => key.kid)).toContain(kid);
    expect(decodeProtectedHeader(before).kid).not.toBe(kid);
    await expect(keys.verify(after)).resolves.toMatchObject({ roles: ['admin'] });
    await expect(keys.verify(before)).resolves.toMatchObject({ roles: ['admin'] });
  });

  it('lets only an admin rotate keys: 401 without a token, 403 for a viewer', async () => {
    expect((await fetch(`${issuer}/admin/signing-keys/rotate`, { method: 'POST' })).status).toBe(
      401,
    );
    const [tenant] = await sql<{ id: string }>('SELECT id FROM tenants WHERE slug = $1', [
      ADMIN.tenant,
    ]);
    const viewer = { ...ADMIN, username: 'viewer@acme.test', password: 'viewer password 123' };
    await sql(
      `INSERT INTO platform_users (id, tenant_id, email, password_hash, roles) VALUES ($1, $2, $3, $4, '{viewer}')`,
      [randomUUID(), tenant?.id, viewer.username, await hashPassword(viewer.password)],
    );
    const response = await fetch(`${issuer}/admin/signing-keys/rotate`, {
      method: 'POST',
      headers: { authorization: `Bearer ${await tokenFor(viewer)}` },
    });
    expect(response.status).toBe(403);
  });

  describe('machine clients', () => {
    const createClient = async (token: string, body: unknown) =>
      fetch(`${issuer}/admin/clients`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });

    it('an admin creates a client whose credentials get a token with its roles, until it is revoked', async () => {
      const admin = await tokenFor(ADMIN);
      const created = await createClient(admin, { name: 'ci-pipeline', roles: ['operator'] });
      expect(created.status).toBe(201);
      const client = (await created.json()) as { client_id: string; client_secret: string };

      const basic = Buffer.from(`${client.client_id}:${client.client_secret}`).toString('base64');
      const granted = await fetch(`${issuer}/oauth/token`, {
        method: 'POST',
        headers: {
          authorization: `Basic ${basic}`,
          'content-type': 'application/x-www-form-urlencoded',
        },
        body: 'grant_type=client_credentials',
      });
      expect(granted.status).toBe(200);
      const { access_token: token } = (await granted.json()) as { access_token: string };
      const adminPrincipal = await verifier().verify(admin);
      expect(await verifier().verify(token)).toMatchObject({
        subject: client.client_id,
        tenantId: adminPrincipal.tenantId,
        roles: ['operator'],
      });

      const revoked = await fetch(`${issuer}/admin/clients/${client.client_id}/revoke`, {
        method: 'POST',
        headers: { authorization: `Bearer ${admin}` },
      });
      expect(revoked.status).toBe(204);
      const refused = await form({ grant_type: 'client_credentials', ...client });
      expect(refused.status).toBe(401);
      expect(((await refused.json()) as { error: string }).error).toBe('invalid_client');
    });

    it('refuses a wrong secret with invalid_client', async () => {
      const admin = await tokenFor(ADMIN);
      const client = (await (
        await createClient(admin, { name: 'exporter', roles: ['viewer'] })
      ).json()) as {
        client_id: string;
      };
      const response = await form({
        grant_type: 'client_credentials',
        client_id: client.client_id,
        client_secret: 'nope',
      });
      expect(response.status).toBe(401);
      expect(await response.json()).toMatchObject({ error: 'invalid_client' });
    });

    it('answers 400 naming the field for an unknown role or an unknown field', async () => {
      const admin = await tokenFor(ADMIN);
      const badRole = await createClient(admin, { name: 'x', roles: ['root'] });
      expect(badRole.status).toBe(400);
      expect(((await badRole.json()) as { message: string }).message).toMatch(
        /^roles\.0: expected one of viewer/,
      );
      const extra = await createClient(admin, { name: 'x', roles: ['viewer'], owner: 'me' });
      expect(extra.status).toBe(400);
      expect(((await extra.json()) as { message: string }).message).toMatch(/^owner: /);
      const [count] = await sql<{ n: number }>(
        `SELECT count(*)::int AS n FROM machine_clients WHERE name = 'x'`,
      );
      expect(count?.n).toBe(0);
    });
  });
});
