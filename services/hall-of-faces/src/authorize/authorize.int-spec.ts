import { createHash, randomBytes } from 'node:crypto';

import { decodeJwt } from 'jose';

import { ACME_ADMIN, type IssuerHarness, startIssuer } from '../testing/issuer-harness.fixture';

const CALLBACK = 'http://127.0.0.1:9/auth/callback';
const CLIENT = 'codex-console';

describe('the authorization endpoint: sign-in page, one-time code, PKCE', () => {
  let hof: IssuerHarness;

  beforeAll(async () => {
    hof = await startIssuer('hof_authorize', { CONSOLE_REDIRECT_URIS: CALLBACK });
  });

  afterAll(async () => {
    await hof?.stop();
  });

  function pkce() {
    const verifier = randomBytes(32).toString('base64url');
    const challenge = createHash('sha256').update(verifier).digest('base64url');
    return { verifier, challenge };
  }

  function authorizeParams(challenge: string, overrides: Record<string, string> = {}) {
    return {
      response_type: 'code',
      client_id: CLIENT,
      redirect_uri: CALLBACK,
      state: 'state-123',
      nonce: 'nonce-456',
      scope: 'openid email',
      code_challenge: challenge,
      code_challenge_method: 'S256',
      ...overrides,
    };
  }

  const query = (params: Record<string, string>) => new URLSearchParams(params).toString();

  const submit = (fields: Record<string, string>) =>
    fetch(`${hof.url}/oauth/authorize`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(fields).toString(),
    });

  async function signInForCode(challenge: string): Promise<string> {
    const answer = await submit({ ...authorizeParams(challenge), ...ACME_ADMIN });
    expect(answer.status).toBe(303);
    const location = new URL(answer.headers.get('location') ?? '');
    expect(`${location.origin}${location.pathname}`).toBe(CALLBACK);
    expect(location.searchParams.get('state')).toBe('state-123');
    expect(location.searchParams.get('iss')).toBe(hof.url);
    return location.searchParams.get('code') ?? '';
  }

  const redeem = (code: string, verifier: string, overrides: Record<string, string> = {}) =>
    hof.tokenRequest({
      grant_type: 'authorization_code',
      code,
      redirect_uri: CALLBACK,
      client_id: CLIENT,
      code_verifier: verifier,
      ...overrides,
    });

  it('shows a sign-in page that carries the request and allows no script', async () => {
    const { challenge } = pkce();
    const page = await fetch(`${hof.url}/oauth/authorize?${query(authorizeParams(challenge))}`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(page.headers.get('content-security-policy')).toContain(
      "form-action 'self' http://127.0.0.1:9",
    );
    const html = await page.text();
    expect(html).toContain('<label for="password">Password</label>');
    expect(html).toContain(`name="code_challenge" value="${challenge}"`);
    expect(html).not.toContain('<script');
  });

  it('gives a code for the registered redirect URI, redeemable once with the right verifier', async () => {
    const { verifier, challenge } = pkce();
    const code = await signInForCode(challenge);
    const wrongVerifier = await redeem(code, pkce().verifier);
    expect(wrongVerifier.status).toBe(400);
    // A failed redemption spends the code too: it never works twice.
    const again = await signInForCode(challenge);
    const tokens = (await (await redeem(again, verifier)).json()) as Record<string, string>;
    expect(tokens).toMatchObject({ token_type: 'Bearer', scope: 'openid email' });
    const principal = await hof.verifier().verify(tokens.access_token ?? '');
    expect(principal.roles).toContain('admin');
    expect(decodeJwt(tokens.id_token ?? '')).toMatchObject({
      iss: hof.url,
      aud: CLIENT,
      nonce: 'nonce-456',
      email: ACME_ADMIN.username,
    });
    expect(tokens.refresh_token).toBeTruthy();
    const replayed = await redeem(again, verifier);
    expect(((await replayed.json()) as { error: string }).error).toBe('invalid_grant');
  });

  it('refuses a code for another redirect URI or client', async () => {
    const { verifier, challenge } = pkce();
    const code = await signInForCode(challenge);
    const elsewhere = await redeem(code, verifier, { redirect_uri: 'http://127.0.0.1:9/other' });
    expect(((await elsewhere.json()) as { error: string }).error).toBe('invalid_grant');
  });

  it('never redirects to an unregistered address, and says why on the page', async () => {
    const { challenge } = pkce();
    const params = authorizeParams(challenge, { redirect_uri: 'https://evil.example/cb' });
    const page = await fetch(`${hof.url}/oauth/authorize?${query(params)}`, {
      redirect: 'manual',
    });
    expect(page.status).toBe(400);
    expect(page.headers.get('location')).toBeNull();
    expect(await page.text()).toContain('did not register');
    const unknownClient = await submit({
      ...authorizeParams(challenge, { client_id: 'stranger' }),
      ...ACME_ADMIN,
    });
    expect(unknownClient.status).toBe(400);
  });

  it('sends a malformed request back to the client as an OAuth error', async () => {
    const page = await fetch(
      `${hof.url}/oauth/authorize?${query(authorizeParams('too-short', { code_challenge_method: 'plain' }))}`,
      { redirect: 'manual' },
    );
    expect(page.status).toBe(303);
    const location = new URL(page.headers.get('location') ?? '');
    expect(location.searchParams.get('error')).toBe('invalid_request');
    expect(location.searchParams.get('state')).toBe('state-123');
  });

  it('shows the sign-in page again with a message for a wrong password, without a code', async () => {
    const { challenge } = pkce();
    const answer = await submit({
      ...authorizeParams(challenge),
      ...ACME_ADMIN,
      password: 'wrong password',
    });
    expect(answer.status).toBe(401);
    expect(answer.headers.get('location')).toBeNull();
    const html = await answer.text();
    expect(html).toContain('role="alert">The tenant, email or password is wrong.');
    expect(html).toContain(`value="${ACME_ADMIN.username}"`);
  });
});
