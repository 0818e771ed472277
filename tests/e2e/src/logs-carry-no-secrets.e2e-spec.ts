import { BOOTSTRAP, type RunningPlatform, startPlatform } from '@codex/testing';

const JWT_PREFIX = 'eyJ';

describe('what the platform logs while credentials go by', () => {
  let platform: RunningPlatform;
  let gateway: string;
  const secrets: string[] = [BOOTSTRAP.password];

  const form = (fields: Record<string, string>) => ({
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields),
  });
  const signIn = async (base: string) => {
    const response = await fetch(
      `${base}/oauth/token`,
      form({
        grant_type: 'password',
        tenant: BOOTSTRAP.tenant,
        username: BOOTSTRAP.email,
        password: BOOTSTRAP.password,
      }),
    );
    expect(response.status).toBe(200);
    return ((await response.json()) as { access_token: string }).access_token;
  };
  const create = async <T>(token: string, path: string, body: unknown): Promise<T> => {
    const response = await fetch(`${gateway}${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    expect(response.status).toBe(201);
    return (await response.json()) as T;
  };

  beforeAll(async () => {
    platform = await startPlatform({ env: { LOG_LEVEL: 'info' } });
    gateway = platform.gatewayUrl;
    const admin = await signIn(gateway);
    secrets.push(admin, await signIn(platform.urlOf('hall-of-faces')));
    const { key } = await create<{ key: string }>(admin, '/api/v1/identity/api-keys', {
      name: 'exporter',
      roles: ['viewer'],
    });
    const client = await create<{ client_id: string; client_secret: string }>(
      admin,
      '/api/v1/identity/machine-clients',
      { name: 'pipeline', roles: ['viewer'] },
    );
    secrets.push(key, client.client_secret);

    const bases = [gateway, ...[...platform.services.keys()].map((name) => platform.urlOf(name))];
    for (const base of bases) {
      const query = new URLSearchParams({
        access_token: admin,
        api_key: key,
        client_secret: client.client_secret,
        password: BOOTSTRAP.password,
        q: admin,
      });
      await fetch(`${base}/api/v1/inventory/summary?${query.toString()}`);
      await fetch(`${base}/oauth/token?${query.toString()}`, form({ grant_type: 'password' }));
    }
    const exchanged = await fetch(
      `${gateway}/oauth/token`,
      form({ grant_type: 'urn:codex:grant-type:api-key', api_key: key }),
    );
    expect(exchanged.status).toBe(200);
    secrets.push(((await exchanged.json()) as { access_token: string }).access_token);
    const machine = await fetch(
      `${gateway}/oauth/token`,
      form({
        grant_type: 'client_credentials',
        client_id: client.client_id,
        client_secret: client.client_secret,
      }),
    );
    expect(machine.status).toBe(200);
    const basic = Buffer.from(`${client.client_id}:${client.client_secret}`).toString('base64');
    const viaBasic = await fetch(`${gateway}/oauth/token`, {
      ...form({ grant_type: 'client_credentials' }),
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        authorization: `Basic ${basic}`,
      },
    });
    expect(viaBasic.status).toBe(200);
    await fetch(
      `${gateway}/oauth/token`,
      form({
        grant_type: 'password',
        tenant: BOOTSTRAP.tenant,
        username: BOOTSTRAP.email,
        password: `${BOOTSTRAP.password}-wrong`,
      }),
    );
    await fetch(`${gateway}/api/v1/inventory/summary`, { headers: { 'x-api-key': key } });
  });

  afterAll(() => platform?.stop());

  it('logs every request, at the gateway and at each service', () => {
    for (const [name, service] of platform.services) {
      expect([name, service.output()]).toEqual([
        name,
        expect.stringContaining('/api/v1/inventory/summary?access_token=[REDACTED]'),
      ]);
    }
  });

  it('holds no token, password, API key or client secret in any service log', () => {
    expect(secrets.every((secret) => secret.length >= 16)).toBe(true);
    for (const [name, service] of platform.services) {
      const output = service.output();
      const leaked = secrets.filter((secret) => output.includes(secret));
      expect([name, leaked, output.includes(JWT_PREFIX)]).toEqual([name, [], false]);
    }
  });
});
