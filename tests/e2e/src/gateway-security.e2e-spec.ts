import { randomUUID } from 'node:crypto';

import {
  BOOTSTRAP,
  type DatabaseService,
  OPERATOR,
  type RunningPlatform,
  startPlatform,
  startTestIdentityProvider,
  type TestIdentityProvider,
} from '@codex/testing';

interface OpenApiDocument {
  paths: Record<string, Record<string, { security?: unknown[] } | undefined>>;
}

const BODY_LIMIT = 64 * 1024;
const TENANT_LIMIT = 40;
const API_KEY_LIMIT = 5;
/** The gateway's fixed rate-limit windows start at multiples of this (RATE_LIMIT_WINDOW_SECONDS). */
const WINDOW_SECONDS = 60;
const windowAt = (ms: number) => Math.floor(ms / (WINDOW_SECONDS * 1000));

/**
 * Runs a rate-limit check again, with fresh tenants and keys, when it failed across the start
 * of a new window (its counts started over there); a failure within one window is the answer.
 */
async function inOneWindow(check: () => Promise<void>): Promise<void> {
  for (let attempt = 1; ; attempt += 1) {
    const started = windowAt(Date.now());
    try {
      await check();
      return;
    } catch (error) {
      if (attempt === 3 || windowAt(Date.now()) === started) throw error;
    }
  }
}
const CONSOLE_ORIGIN = 'https://console.codex.test';

/** Which service owns each /api/v1 area, as a caller would read it from the routing table. */
const OWNER: Record<string, DatabaseService> = {
  identity: 'hall-of-faces',
  accounts: 'aetherium',
  inventory: 'aetherium',
  actions: 'aetherium',
  costs: 'aetherium',
  insights: 'aetherium',
  storage: 'great-library',
  compute: 'engine-core',
  anomalies: 'oracle',
  forecasts: 'oracle',
  recommendations: 'oracle',
  analyses: 'oracle',
  'identity-risk': 'oracle',
};

const newTenant = () => `tenant-${randomUUID().slice(0, 8)}`;

describe('the gateway in front of the whole platform', () => {
  let idp: TestIdentityProvider;
  let platform: RunningPlatform;
  let gateway: string;

  const call = (path: string, init: RequestInit & { token?: string } = {}) => {
    const { token, headers, ...rest } = init;
    return fetch(`${gateway}${path}`, {
      ...rest,
      headers: {
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(rest.body ? { 'content-type': 'application/json' } : {}),
        ...headers,
      },
    });
  };
  const tokenFor = (tenant: string, roles: string[]) => idp.token({ tenant, roles });
  /** The bootstrap admin, signed in at the built-in issuer through the gateway. */
  const signIn = async () => {
    const response = await call('/oauth/token', {
      method: 'POST',
      body: JSON.stringify({
        grant_type: 'password',
        tenant: BOOTSTRAP.tenant,
        username: BOOTSTRAP.email,
        password: BOOTSTRAP.password,
      }),
    });
    expect(response.status).toBe(200);
    return ((await response.json()) as { access_token: string }).access_token;
  };

  beforeAll(async () => {
    idp = await startTestIdentityProvider();
    platform = await startPlatform({
      env: { ...idp.env, HTTP_BODY_LIMIT_BYTES: String(BODY_LIMIT) },
      serviceEnv: {
        gateway: {
          RATE_LIMIT_TENANT_REQUESTS: String(TENANT_LIMIT),
          RATE_LIMIT_API_KEY_REQUESTS: String(API_KEY_LIMIT),
          RATE_LIMIT_WINDOW_SECONDS: String(WINDOW_SECONDS),
          CORS_ORIGINS: CONSOLE_ORIGIN,
        },
      },
    });
    gateway = platform.gatewayUrl;
  });

  afterAll(async () => {
    await platform?.stop();
    await idp?.close();
  });

  describe('the OpenAPI document', () => {
    let document: OpenApiDocument;

    beforeAll(async () => {
      const response = await call('/api/v1/openapi.json');
      expect(response.status).toBe(200);
      document = (await response.json()) as OpenApiDocument;
    });

    const operations = () =>
      Object.entries(document.paths).flatMap(([path, item]) =>
        Object.entries(item)
          .filter(([, operation]) => operation && typeof operation === 'object')
          .map(([method, operation]) => ({ path, method, security: operation?.security })),
      );

    it('covers every area and names only the issuer endpoints as public', () => {
      const paths = Object.keys(document.paths);
      expect(paths).toEqual(
        expect.arrayContaining(['/api/v1/inventory/resources', '/api/v1/identity/api-keys']),
      );
      const publicOperations = operations()
        .filter((operation) => Array.isArray(operation.security) && operation.security.length === 0)
        .map((operation) => `${operation.method.toUpperCase()} ${operation.path}`);
      expect(publicOperations.sort()).toEqual([
        'GET /.well-known/jwks.json',
        'GET /.well-known/openid-configuration',
        'POST /oauth/revoke',
        'POST /oauth/token',
      ]);
    });

    it('every protected operation answers 401 without a credential, at the gateway and at its own service', async () => {
      const protectedOperations = operations().filter(
        (operation) => !(Array.isArray(operation.security) && operation.security.length === 0),
      );
      expect(protectedOperations.length).toBeGreaterThan(10);
      for (const { path, method } of protectedOperations) {
        const concrete = path.replace(/\{[^}]+\}/g, 'probe');
        const init: RequestInit = {
          method: method.toUpperCase(),
          ...(['post', 'put', 'patch'].includes(method)
            ? { body: '{}', headers: { 'content-type': 'application/json' } }
            : {}),
        };
        const area = /^\/api\/v1\/([a-z-]+)/.exec(path)?.[1] ?? '';
        const owner = OWNER[area];
        expect(owner).toBeDefined();
        const viaGateway = await fetch(`${gateway}${concrete}`, init);
        const direct = await fetch(`${platform.urlOf(owner as DatabaseService)}${concrete}`, init);
        expect([`${method} ${path}`, viaGateway.status, direct.status]).toEqual([
          `${method} ${path}`,
          401,
          401,
        ]);
        expect(viaGateway.headers.get('content-type')).toContain('application/problem+json');
      }
    });

    it('serves interactive docs', async () => {
      const response = await call('/api/v1/docs');
      expect(response.status).toBe(200);
      expect(await response.text()).toContain('swagger');
    });
  });

  describe('tokens', () => {
    it.each([
      ['expired', { expiresIn: -120 }],
      ['from another issuer', { issuer: 'https://evil.example/' }],
      ['for another audience', { audience: 'another-api' }],
    ])('a token that is %s gets 401 at the gateway and at the service', async (_why, claims) => {
      const token = await idp.token({ tenant: newTenant(), roles: ['admin'], ...claims });
      const viaGateway = await call('/api/v1/inventory/summary', { token });
      expect(viaGateway.status).toBe(401);
      expect(await viaGateway.json()).toMatchObject({ code: 'unauthenticated', status: 401 });
      const direct = await fetch(`${platform.urlOf('aetherium')}/api/v1/inventory/summary`, {
        headers: { authorization: `Bearer ${token}` },
      });
      expect(direct.status).toBe(401);
    });

    it('a tampered token gets 401', async () => {
      const [header, payload, signature] = (await tokenFor(newTenant(), ['viewer'])).split('.');
      const claims = JSON.parse(Buffer.from(payload ?? '', 'base64url').toString()) as Record<
        string,
        unknown
      >;
      claims[idp.rolesClaim] = ['admin'];
      const forged = `${header}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.${signature}`;
      expect((await call('/api/v1/identity/api-keys', { token: forged })).status).toBe(401);
    });

    it('a viewer may read but gets 403 on a route that needs a higher role', async () => {
      const token = await tokenFor(newTenant(), ['viewer']);
      expect((await call('/api/v1/inventory/summary', { token })).status).toBe(200);
      const refused = await call('/api/v1/identity/api-keys', {
        token,
        method: 'POST',
        body: JSON.stringify({ name: 'ci', roles: ['viewer'] }),
      });
      expect(refused.status).toBe(403);
      expect(await refused.json()).toMatchObject({ code: 'forbidden' });
    });

    it("a tenant reading another tenant's rows by id gets 404", async () => {
      const owner = await signIn();
      const stranger = await tokenFor(newTenant(), ['admin']);
      const created = await call('/api/v1/identity/users', {
        token: owner,
        method: 'POST',
        body: JSON.stringify({
          email: 'ops@a.test',
          password: 'a-long-enough-password',
          roles: ['operator'],
        }),
      });
      expect(created.status).toBe(201);
      const { id } = (await created.json()) as { id: string };
      expect((await call(`/api/v1/identity/users/${id}`, { token: owner })).status).toBe(200);
      const hidden = await call(`/api/v1/identity/users/${id}`, { token: stranger });
      expect(hidden.status).toBe(404);
      expect(await hidden.json()).toMatchObject({ code: 'not_found' });
      const key = await call('/api/v1/identity/api-keys', {
        token: owner,
        method: 'POST',
        body: JSON.stringify({ name: 'ci', roles: ['viewer'] }),
      });
      const { id: keyId } = (await key.json()) as { id: string };
      expect(
        (await call(`/api/v1/identity/api-keys/${keyId}`, { token: stranger, method: 'DELETE' }))
          .status,
      ).toBe(404);
    });

    it('after a signing-key rotation, old tokens still verify and new ones use the new key', async () => {
      const kid = (token: string) =>
        (
          JSON.parse(Buffer.from(token.split('.')[0] ?? '', 'base64url').toString()) as {
            kid: string;
          }
        ).kid;
      const before = await signIn();
      const operator = await (
        await call('/oauth/token', {
          method: 'POST',
          body: JSON.stringify({
            grant_type: 'password',
            tenant: OPERATOR.tenant,
            username: OPERATOR.email,
            password: OPERATOR.password,
          }),
        })
      ).json();
      const rotated = await call('/api/v1/identity/signing-keys/rotations', {
        token: (operator as { access_token: string }).access_token,
        method: 'POST',
      });
      expect(rotated.status).toBe(201);
      const after = await signIn();
      expect(kid(after)).not.toBe(kid(before));
      for (const token of [before, after]) {
        expect((await call('/api/v1/inventory/summary', { token })).status).toBe(200);
        const direct = await fetch(`${platform.urlOf('aetherium')}/api/v1/inventory/summary`, {
          headers: { authorization: `Bearer ${token}` },
        });
        expect(direct.status).toBe(200);
      }
    });
  });

  describe('rate limits', () => {
    it('the request over the tenant limit gets 429 with Retry-After; another tenant is unaffected', () =>
      inOneWindow(async () => {
        const busy = await tokenFor(newTenant(), ['viewer']);
        const statuses: number[] = [];
        for (let i = 0; i <= TENANT_LIMIT; i += 1) {
          statuses.push((await call('/api/v1/inventory/summary', { token: busy })).status);
        }
        expect(statuses.slice(0, TENANT_LIMIT).every((status) => status === 200)).toBe(true);
        const over = await call('/api/v1/inventory/summary', { token: busy });
        expect(over.status).toBe(429);
        expect(Number(over.headers.get('retry-after'))).toBeGreaterThan(0);
        expect(await over.json()).toMatchObject({ code: 'rate_limited', limit: 'tenant' });
        const calm = await tokenFor(newTenant(), ['viewer']);
        expect((await call('/api/v1/inventory/summary', { token: calm })).status).toBe(200);
      }));

    it('an API key works through the gateway, has its own limit, and records when it was last used', () =>
      inOneWindow(async () => {
        const admin = await tokenFor(newTenant(), ['admin']);
        const created = await call('/api/v1/identity/api-keys', {
          token: admin,
          method: 'POST',
          body: JSON.stringify({ name: 'exporter', roles: ['viewer'] }),
        });
        const { key, id } = (await created.json()) as { key: string; id: string };
        const statuses: number[] = [];
        for (let i = 0; i <= API_KEY_LIMIT; i += 1) {
          statuses.push(
            (await call('/api/v1/inventory/summary', { headers: { 'x-api-key': key } })).status,
          );
        }
        expect(statuses).toEqual([...Array<number>(API_KEY_LIMIT).fill(200), 429]);
        const listed = (await (
          await call('/api/v1/identity/api-keys', { token: admin })
        ).json()) as {
          items: { id: string; lastUsedAt: string | null }[];
        };
        expect(listed.items.find((item) => item.id === id)?.lastUsedAt).toEqual(expect.any(String));
        const wrong = await call('/api/v1/inventory/summary', {
          headers: { 'x-api-key': `${key}x` },
        });
        expect(wrong.status).toBe(401);
      }));

    it("a token obtained with an API key counts against that key's limit too", () =>
      inOneWindow(async () => {
        const admin = await tokenFor(newTenant(), ['admin']);
        const created = await call('/api/v1/identity/api-keys', {
          token: admin,
          method: 'POST',
          body: JSON.stringify({ name: 'exchanged', roles: ['viewer'] }),
        });
        const { key } = (await created.json()) as { key: string };
        const exchanged = await call('/oauth/token', {
          method: 'POST',
          body: JSON.stringify({ grant_type: 'urn:codex:grant-type:api-key', api_key: key }),
        });
        const { access_token: token } = (await exchanged.json()) as { access_token: string };
        const statuses: number[] = [];
        for (let i = 0; i < API_KEY_LIMIT; i += 1) {
          const viaKey = i % 2 === 0;
          statuses.push(
            (
              await call(
                '/api/v1/inventory/summary',
                viaKey ? { headers: { 'x-api-key': key } } : { token },
              )
            ).status,
          );
        }
        expect(statuses).toEqual(Array<number>(API_KEY_LIMIT).fill(200));
        const over = await call('/api/v1/inventory/summary', { token });
        expect(over.status).toBe(429);
        expect(await over.json()).toMatchObject({ code: 'rate_limited', limit: 'api_key' });
      }));
  });

  describe('bad input', () => {
    let admin: string;
    const keyCount = async () =>
      (
        (await (await call('/api/v1/identity/api-keys', { token: admin })).json()) as {
          items: unknown[];
        }
      ).items.length;
    const post = (body: string) =>
      call('/api/v1/identity/api-keys', { token: admin, method: 'POST', body });

    beforeAll(async () => {
      admin = await tokenFor(newTenant(), ['admin']);
    });

    it('malformed JSON gets a 400 problem naming the body, and nothing is written', async () => {
      const response = await post('{"name": "ci", ');
      expect(response.status).toBe(400);
      expect(response.headers.get('content-type')).toContain('application/problem+json');
      expect(await response.json()).toMatchObject({
        code: 'malformed_json',
        errors: [{ field: 'body' }],
      });
      expect(await keyCount()).toBe(0);
    });

    it('an unknown field or a wrong type gets a 400 problem naming the field, and nothing is written', async () => {
      const unknown = await post(JSON.stringify({ name: 'ci', roles: ['viewer'], owner: 'me' }));
      expect(unknown.status).toBe(400);
      expect(await unknown.json()).toMatchObject({
        code: 'validation_failed',
        errors: [expect.objectContaining({ field: 'body.owner' })],
      });
      const wrongType = await post(JSON.stringify({ name: 'ci', roles: 'admin' }));
      expect(wrongType.status).toBe(400);
      expect(await wrongType.json()).toMatchObject({
        errors: [expect.objectContaining({ field: 'body.roles' })],
      });
      expect(await keyCount()).toBe(0);
    });

    it('an oversized body gets a 413 problem, at the gateway and at the service', async () => {
      const huge = JSON.stringify({ name: 'x'.repeat(BODY_LIMIT), roles: ['viewer'] });
      const response = await post(huge);
      expect(response.status).toBe(413);
      expect(await response.json()).toMatchObject({
        code: 'payload_too_large',
        errors: [{ field: 'body' }],
      });
      const direct = await fetch(`${platform.urlOf('hall-of-faces')}/api/v1/identity/api-keys`, {
        method: 'POST',
        headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' },
        body: huge,
      });
      expect(direct.status).toBe(413);
      expect(await keyCount()).toBe(0);
    });
  });

  describe('the edge', () => {
    it('sets security headers and echoes a request id', async () => {
      const response = await call('/api/v1/inventory/summary', {
        headers: { 'x-request-id': 'req-e2e-1' },
      });
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(response.headers.get('strict-transport-security')).toContain('max-age=');
      expect(response.headers.get('x-request-id')).toBe('req-e2e-1');
    });

    it('allows the configured console origin and no other', async () => {
      const preflight = (origin: string) =>
        call('/api/v1/inventory/summary', {
          method: 'OPTIONS',
          headers: {
            origin,
            'access-control-request-method': 'GET',
            'access-control-request-headers': 'authorization',
          },
        });
      expect((await preflight(CONSOLE_ORIGIN)).headers.get('access-control-allow-origin')).toBe(
        CONSOLE_ORIGIN,
      );
      expect(
        (await preflight('https://evil.example')).headers.get('access-control-allow-origin'),
      ).toBeNull();
    });
  });
});
