import {
  BOOTSTRAP,
  type RunningPlatform,
  sendStreamed,
  startPlatform,
  type StreamedResponse,
} from '@codex/testing';

/** The default HTTP_BODY_LIMIT_BYTES: 1 MiB. */
const BODY_LIMIT = 1_048_576;

interface Problem {
  code: string;
  errors?: { field: string; message: string }[];
}

const cursorOf = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
/** A streamed body of 64 KiB chunks that passes the limit by two chunks. */
const overTheLimit = () =>
  Array.from({ length: BODY_LIMIT / 65_536 + 2 }, () => Buffer.alloc(65_536, 'a'));

describe('input PostgreSQL would refuse, and bodies the edge must bound', () => {
  let platform: RunningPlatform;
  let gateway: string;
  let admin: string;

  const call = (path: string, init: RequestInit = {}, base = gateway) =>
    fetch(`${base}${path}`, {
      ...init,
      headers: {
        authorization: `Bearer ${admin}`,
        ...(init.body ? { 'content-type': 'application/json' } : {}),
        ...(init.headers as Record<string, string> | undefined),
      },
    });

  /** Asserts a 400 problem document that names the field, and returns its code. */
  const expectRefusal = async (response: Response, field: string): Promise<string> => {
    const text = await response.text();
    expect([response.status, response.headers.get('content-type'), text]).toEqual([
      400,
      expect.stringContaining('application/problem+json'),
      expect.any(String),
    ]);
    const problem = JSON.parse(text) as Problem;
    expect(problem.errors?.map((error) => error.field)).toContain(field);
    return problem.code;
  };

  const expectTooLarge = (response: StreamedResponse) => {
    expect([response.status, response.contentType]).toEqual([
      413,
      expect.stringContaining('application/problem+json'),
    ]);
    expect(JSON.parse(response.body)).toMatchObject({ code: 'payload_too_large' });
  };

  beforeAll(async () => {
    platform = await startPlatform();
    gateway = platform.gatewayUrl;
    const response = await fetch(`${gateway}/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'password',
        tenant: BOOTSTRAP.tenant,
        username: BOOTSTRAP.email,
        password: BOOTSTRAP.password,
      }),
    });
    expect(response.status).toBe(200);
    admin = ((await response.json()) as { access_token: string }).access_token;
  });

  afterAll(() => platform?.stop());

  describe('a NUL or a lone surrogate is refused with 400 naming the field', () => {
    it('in a query filter, at the gateway and at the service directly', async () => {
      const path = '/api/v1/inventory/resources?q=web%00server';
      expect(await expectRefusal(await call(path), 'query.q')).toBe('invalid_text');
      await expectRefusal(await call(path, {}, platform.urlOf('aetherium')), 'query.q');
      await expectRefusal(await call('/api/v1/identity/audit-events?actor=a%00b'), 'query.actor');
    });

    it('in a path id', async () => {
      await expectRefusal(await call('/api/v1/inventory/resources/codex%00x'), 'params.urn');
      await expectRefusal(await call('/api/v1/actions/x%00y'), 'params.id');
      await expectRefusal(await call('/api/v1/compute/discovery-runs/x%00y'), 'params.id');
    });

    it('in a JSON body field, escaped or raw', async () => {
      const create = (body: string) => call('/api/v1/identity/api-keys', { method: 'POST', body });
      await expectRefusal(await create('{"name":"a\\u0000b","roles":["viewer"]}'), 'body.name');
      await expectRefusal(await create('{"name":"\\ud800","roles":["viewer"]}'), 'body.name');
      await expectRefusal(await create('{"name":"x\\udfffy","roles":["viewer"]}'), 'body.name');
      const account = await call('/api/v1/accounts', {
        method: 'POST',
        body: JSON.stringify({ name: 'prod\u0000', provider: 'aws' }),
      });
      await expectRefusal(account, 'body.name');
    });

    it.each([
      ['tenant', 'form'],
      ['username', 'json'],
      ['password', 'form'],
      ['client_id', 'json'],
      ['client_secret', 'form'],
      ['api_key', 'json'],
    ])('in %s at /oauth/token (%s)', async (field, encoding) => {
      const fields: Record<string, string> = {
        grant_type: field.startsWith('client')
          ? 'client_credentials'
          : field === 'api_key'
            ? 'urn:codex:grant-type:api-key'
            : 'password',
        tenant: BOOTSTRAP.tenant,
        username: BOOTSTRAP.email,
        password: 'x',
        client_id: 'mc_000000000000000000000000',
        client_secret: 'x',
        api_key: 'cdx_x_y',
        [field]: encoding === 'json' ? 'a\ud800' : 'a\u0000',
      };
      const response = await fetch(`${gateway}/oauth/token`, {
        method: 'POST',
        ...(encoding === 'json'
          ? {
              headers: { 'content-type': 'application/json' },
              // JSON.stringify writes a lone surrogate as the escape \ud800, as an attacker would.
              body: JSON.stringify(fields),
            }
          : {
              headers: { 'content-type': 'application/x-www-form-urlencoded' },
              body: new URLSearchParams(fields),
            }),
      });
      await expectRefusal(response, `body.${field}`);
    });
  });

  it.each([
    ['a NUL', 'mc_%00:secret'],
    ['malformed percent-encoding', '%zz:secret'],
  ])(
    'client credentials in a Basic header at /oauth/token with %s fail authentication (401)',
    async (_case, credentials) => {
      const response = await fetch(`${gateway}/oauth/token`, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          authorization: `Basic ${Buffer.from(credentials).toString('base64')}`,
        },
        body: new URLSearchParams({ grant_type: 'client_credentials' }),
      });
      expect(response.status).toBe(401);
      expect(await response.json()).toMatchObject({ error: 'invalid_client' });
    },
  );

  it('signs in with junk in X-Forwarded-For: the audited client address stays an address', async () => {
    for (const base of [gateway, platform.urlOf('hall-of-faces')]) {
      const response = await fetch(`${base}/oauth/token`, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          'x-forwarded-for': `${'x'.repeat(100)}, 203.0.113.7`,
        },
        body: new URLSearchParams({
          grant_type: 'password',
          tenant: BOOTSTRAP.tenant,
          username: BOOTSTRAP.email,
          password: BOOTSTRAP.password,
        }),
      });
      expect([base, response.status]).toEqual([base, 200]);
    }
  });

  describe('times PostgreSQL refuses are refused with 400', () => {
    it.each([
      ['an offset of +16:00', '2026-01-31T09:00:00%2B16:00'],
      ['year 0000', '0000-01-31T09:00:00Z'],
    ])('as since: %s', async (_case, since) => {
      await expectRefusal(
        await call(`/api/v1/identity/audit-events?since=${since}`),
        'query.since',
      );
    });

    it.each([
      ['an offset of +16:00', '2026-01-31T09:00:00.000000+16:00'],
      ['year 0000', '0000-01-31T09:00:00.000000Z'],
      ['a NUL', '2026-01-31T09:00:00\u0000Z'],
    ])('inside a cursor: %s', async (_case, time) => {
      const keyed = cursorOf([time, '00000000-0000-4000-8000-000000000000']);
      await expectRefusal(
        await call(`/api/v1/identity/audit-events?cursor=${keyed}`),
        'query.cursor',
      );
      const inventory = cursorOf([time, 'codex:aws:ec2:123456789012:i-1']);
      await expectRefusal(
        await call(`/api/v1/inventory/resources?sort=-observedAt&cursor=${inventory}`),
        'query.cursor',
      );
    });
  });

  describe('Expect: 100-continue', () => {
    it('signs in through the gateway', async () => {
      const body = new URLSearchParams({
        grant_type: 'password',
        tenant: BOOTSTRAP.tenant,
        username: BOOTSTRAP.email,
        password: BOOTSTRAP.password,
      }).toString();
      const response = await sendStreamed(`${gateway}/oauth/token`, {
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        chunks: [Buffer.from(body)],
        expectContinue: true,
      });
      expect(response.status).toBe(200);
      expect(JSON.parse(response.body)).toMatchObject({ token_type: 'Bearer' });
    });

    it('creates through an API route of the gateway', async () => {
      const response = await sendStreamed(`${gateway}/api/v1/identity/api-keys`, {
        headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' },
        chunks: [Buffer.from(JSON.stringify({ name: 'continued', roles: ['viewer'] }))],
        expectContinue: true,
      });
      expect(response.status).toBe(201);
    });
  });

  describe('a chunked body over the 1 MiB limit is answered 413, not 500', () => {
    it('on an API route of the gateway', async () => {
      expectTooLarge(
        await sendStreamed(`${gateway}/api/v1/identity/api-keys`, {
          headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' },
          chunks: overTheLimit(),
        }),
      );
    });

    it('on /oauth/token at the gateway, which needs no credential', async () => {
      expectTooLarge(
        await sendStreamed(`${gateway}/oauth/token`, {
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          chunks: overTheLimit(),
        }),
      );
    });

    it('at a service directly', async () => {
      expectTooLarge(
        await sendStreamed(`${platform.urlOf('aetherium')}/api/v1/accounts`, {
          headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' },
          chunks: overTheLimit(),
        }),
      );
    });

    it('while a chunked body within the limit still goes through', async () => {
      const response = await sendStreamed(`${gateway}/api/v1/identity/api-keys`, {
        headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' },
        chunks: [Buffer.from('{"name":"chunked",'), Buffer.from('"roles":["viewer"]}')],
      });
      expect(response.status).toBe(201);
    });
  });
});
