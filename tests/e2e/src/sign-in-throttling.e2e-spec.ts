import { randomBytes } from 'node:crypto';

import { BOOTSTRAP, type RunningPlatform, startPlatform } from '@codex/testing';

interface Problem {
  status: number;
  code: string;
  error?: string;
}

/** Sign-in throttling (ADR 15) as a client meets it, through the gateway. */
describe('sign-in throttling through the gateway', () => {
  let platform: RunningPlatform;

  beforeAll(async () => {
    platform = await startPlatform();
  });

  afterAll(async () => {
    await platform?.stop();
  });

  const signIn = (password: string, address: string) =>
    fetch(`${platform.gatewayUrl}/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': address },
      body: JSON.stringify({
        grant_type: 'password',
        tenant: BOOTSTRAP.tenant,
        username: BOOTSTRAP.email,
        password,
      }),
    });

  const withKey = (key: string, address: string) =>
    fetch(`${platform.gatewayUrl}/api/v1/identity/api-keys`, {
      headers: { 'x-api-key': key, 'x-forwarded-for': address },
    });

  it('answers wrong passwords 429 with Retry-After, while the admin signs in from elsewhere', async () => {
    const statuses: number[] = [];
    let refused: Response | undefined;
    for (let i = 0; i < 20 && !refused; i += 1) {
      const response = await signIn(`guess ${i}`, '203.0.113.10');
      statuses.push(response.status);
      if (response.status === 429) refused = response;
    }
    expect(statuses.slice(0, 5)).toEqual([400, 400, 400, 400, 400]);
    expect(refused?.headers.get('retry-after')).toMatch(/^\d+$/);
    expect((await refused?.json()) as Problem).toMatchObject({
      status: 429,
      code: 'too_many_attempts',
      error: 'too_many_attempts',
    });
    expect((await signIn(BOOTSTRAP.password, '198.51.100.10')).status).toBe(200);
  });

  it("counts a bad API key against the client's address, not the gateway's, so other clients' keys keep working", async () => {
    const signedIn = await signIn(BOOTSTRAP.password, '198.51.100.11');
    const { access_token: token } = (await signedIn.json()) as { access_token: string };
    const created = await fetch(`${platform.gatewayUrl}/api/v1/identity/api-keys`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'ci', roles: ['admin'] }),
    });
    expect(created.status).toBe(201);
    const { key } = (await created.json()) as { key: string };

    let refused: Response | undefined;
    for (let i = 0; i < 60 && !refused; i += 1) {
      const unknown = `cdx_${randomBytes(6).toString('hex')}_${randomBytes(32).toString('base64url')}`;
      const response = await withKey(unknown, '203.0.113.11');
      if (response.status === 429) refused = response;
      else expect(response.status).toBe(401);
    }
    expect(refused?.headers.get('retry-after')).toMatch(/^\d+$/);
    expect((await refused?.json()) as Problem).toMatchObject({ code: 'too_many_attempts' });
    expect((await withKey(key, '198.51.100.11')).status).toBe(200);
    expect((await withKey(key, '127.0.0.1')).status).toBe(200);
  });
});
