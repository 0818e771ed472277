import { eventually } from '@codex/testing';

import {
  ACME_ADMIN,
  type Credentials,
  type IssuerHarness,
  type Problem,
  startIssuer,
} from '../testing/issuer-harness.fixture';

interface Tokens {
  access_token: string;
  refresh_token?: string;
}

const REVOCATION_BOUND = { timeoutMs: 5_000, intervalMs: 100 };

describe('sessions: refresh tokens and revocation', () => {
  let hof: IssuerHarness;
  let admin: string;

  const passwordGrant = async (credentials: Credentials) =>
    (await (await hof.tokenRequest({ grant_type: 'password', ...credentials })).json()) as Tokens;
  const refresh = (token: string) =>
    hof.tokenRequest({ grant_type: 'refresh_token', refresh_token: token });
  const listUsers = (token: string) => hof.call('GET', '/api/v1/identity/users', { token });

  beforeAll(async () => {
    hof = await startIssuer('hall_of_faces_sessions');
    admin = await hof.signIn(ACME_ADMIN);
  });

  afterAll(async () => {
    await hof?.stop();
  });

  it('a refresh token is spent by its use; presenting it again ends the whole session', async () => {
    const { credentials } = await hof.addUser('acme', 'rota@acme.test', ['viewer']);
    const first = await passwordGrant(credentials);
    expect(first.refresh_token).toMatch(/^rt_/);
    const second = (await (await refresh(first.refresh_token ?? '')).json()) as Tokens;
    expect(second.refresh_token).toMatch(/^rt_/);
    expect(second.refresh_token).not.toBe(first.refresh_token);

    const replayed = await refresh(first.refresh_token ?? '');
    expect(replayed.status).toBe(400);
    expect(((await replayed.json()) as Problem).error).toBe('invalid_grant');
    const audited = await hof.sql(
      `SELECT 1 FROM audit_events WHERE action = 'refresh_token.reused'`,
    );
    expect(audited).toHaveLength(1);
    expect((await refresh(second.refresh_token ?? '')).status).toBe(400);
  });

  it('signing out revokes the session', async () => {
    const { credentials } = await hof.addUser('acme', 'leaver@acme.test', ['viewer']);
    const tokens = await passwordGrant(credentials);
    const revoked = await fetch(`${hof.url}/oauth/revoke`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token: tokens.refresh_token ?? '' }).toString(),
    });
    expect(revoked.status).toBe(200);
    expect((await refresh(tokens.refresh_token ?? '')).status).toBe(400);
  });

  it("a demoted user's token stops working within seconds and a refresh carries the new roles", async () => {
    const { id, credentials } = await hof.addUser('acme', 'demoted@acme.test', ['admin']);
    const tokens = await passwordGrant(credentials);
    expect((await listUsers(tokens.access_token)).status).toBe(200);
    const demoted = await hof.call('PATCH', `/api/v1/identity/users/${id}`, {
      token: admin,
      body: { roles: ['viewer'] },
    });
    expect(demoted.status).toBe(200);
    await eventually(
      async () => expect((await listUsers(tokens.access_token)).status).toBe(401),
      REVOCATION_BOUND,
    );
    const refreshed = (await (await refresh(tokens.refresh_token ?? '')).json()) as Tokens;
    const principal = await hof.verifier().verify(refreshed.access_token);
    expect(principal.roles).toEqual(['viewer']);
    expect((await listUsers(refreshed.access_token)).status).toBe(403);
  });

  it("a disabled user's token and session stop within seconds", async () => {
    const { id, credentials } = await hof.addUser('acme', 'disabled@acme.test', ['admin']);
    const tokens = await passwordGrant(credentials);
    const disabled = await hof.call('PATCH', `/api/v1/identity/users/${id}`, {
      token: admin,
      body: { disabled: true },
    });
    expect(disabled.status).toBe(200);
    await eventually(
      async () => expect((await listUsers(tokens.access_token)).status).toBe(401),
      REVOCATION_BOUND,
    );
    expect((await refresh(tokens.refresh_token ?? '')).status).toBe(400);
  });

  it("a revoked API key's tokens and a revoked machine client's tokens stop within seconds", async () => {
    const key = (await (
      await hof.call('POST', '/api/v1/identity/api-keys', {
        token: admin,
        body: { name: 'to revoke', roles: ['admin'] },
      })
    ).json()) as { id: string; key: string };
    const client = (await (
      await hof.call('POST', '/api/v1/identity/machine-clients', {
        token: admin,
        body: { name: 'to revoke', roles: ['admin'] },
      })
    ).json()) as { client_id: string; client_secret: string };
    const keyToken = (
      (await (
        await hof.tokenRequest({ grant_type: 'urn:codex:grant-type:api-key', api_key: key.key })
      ).json()) as Tokens
    ).access_token;
    const clientToken = (
      (await (
        await hof.tokenRequest({
          grant_type: 'client_credentials',
          client_id: client.client_id,
          client_secret: client.client_secret,
        })
      ).json()) as Tokens
    ).access_token;
    for (const token of [keyToken, clientToken]) expect((await listUsers(token)).status).toBe(200);

    await hof.call('DELETE', `/api/v1/identity/api-keys/${key.id}`, { token: admin });
    await hof.call('DELETE', `/api/v1/identity/machine-clients/${client.client_id}`, {
      token: admin,
    });
    await eventually(async () => {
      expect((await listUsers(keyToken)).status).toBe(401);
      expect((await listUsers(clientToken)).status).toBe(401);
    }, REVOCATION_BOUND);
  });

  it('keys and clients carry the person who created them, so they act for that person', async () => {
    const key = (await (
      await hof.call('POST', '/api/v1/identity/api-keys', {
        token: admin,
        body: { name: 'acts for the admin', roles: ['approver'] },
      })
    ).json()) as { key: string };
    const keyToken = (
      (await (
        await hof.tokenRequest({ grant_type: 'urn:codex:grant-type:api-key', api_key: key.key })
      ).json()) as Tokens
    ).access_token;
    const adminPrincipal = await hof.verifier().verify(admin);
    const keyPrincipal = await hof.verifier().verify(keyToken);
    expect(keyPrincipal.person).toBe(adminPrincipal.subject);
    expect(keyPrincipal.subject).toBe(`apikey:${keyPrincipal.apiKeyId ?? ''}`);
  });
});
