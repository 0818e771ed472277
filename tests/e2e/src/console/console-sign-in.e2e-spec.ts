import { BOOTSTRAP, type RunningPlatform, startPlatform } from '@codex/testing';
import { decodeJwt } from 'jose';

import { CookieBrowser, formFields } from '../support/cookie-browser';

interface Session {
  user: { subject: string; tenantId: string; roles: string[]; email: string | null };
  csrfToken: string;
}

describe('console sign-in: authorization code with PKCE, tokens kept by the gateway', () => {
  let platform: RunningPlatform;

  beforeAll(async () => {
    platform = await startPlatform();
  });

  afterAll(async () => {
    await platform?.stop();
  });

  /** Signs in through the sign-in page as a browser would, ending on `returnTo`. */
  async function signIn(browser: CookieBrowser, returnTo = '/inventory') {
    const login = await browser.visit(`/auth/login?returnTo=${encodeURIComponent(returnTo)}`);
    expect(login.status).toBe(303);
    const page = await browser.follow(login);
    expect(page.status).toBe(200);
    const form = formFields(page.text);
    const submitted = await browser.visit('/oauth/authorize', {
      form: {
        ...form,
        tenant: BOOTSTRAP.tenant,
        username: BOOTSTRAP.email,
        password: BOOTSTRAP.password,
      },
    });
    expect(submitted.status).toBe(303);
    const callback = await browser.visit(submitted.location ?? '');
    return callback;
  }

  it('serves the console at / and on its own paths under a strict CSP, assets cached for good', async () => {
    for (const path of ['/', '/inventory', '/actions/123']) {
      const page = await fetch(`${platform.gatewayUrl}${path}`);
      expect(page.status).toBe(200);
      expect(page.headers.get('content-type')).toContain('text/html');
      const csp = page.headers.get('content-security-policy') ?? '';
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).not.toContain('unsafe-inline');
      const html = await page.text();
      expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
      const asset = /src="(\/assets\/[^"]+\.js)"/.exec(html)?.[1];
      const script = await fetch(`${platform.gatewayUrl}${asset ?? '/assets/missing.js'}`);
      expect(script.status).toBe(200);
      expect(script.headers.get('cache-control')).toContain('immutable');
    }
    const unknownApi = await fetch(`${platform.gatewayUrl}/api/v1/nowhere`);
    expect(unknownApi.status).toBe(404);
    expect(unknownApi.headers.get('content-type')).not.toContain('text/html');
  });

  it('names the gateway as the issuer in every URL of its discovery document', async () => {
    const discovery = (await (
      await fetch(`${platform.gatewayUrl}/.well-known/openid-configuration`)
    ).json()) as Record<string, string>;
    expect(discovery.issuer).toBe(platform.gatewayUrl);
    for (const key of [
      'jwks_uri',
      'authorization_endpoint',
      'token_endpoint',
      'revocation_endpoint',
    ]) {
      expect(discovery[key]?.startsWith(`${platform.gatewayUrl}/`)).toBe(true);
    }
  });

  it('signs in, keeps the tokens server-side, and gives the browser only an HttpOnly, Secure, SameSite cookie', async () => {
    const browser = new CookieBrowser(platform.gatewayUrl);
    const callback = await signIn(browser);
    expect(callback.status).toBe(303);
    expect(callback.location).toBe('/inventory');
    const session = browser.cookies.get('__Host-codex-session');
    expect(session?.attributes).toMatch(/HttpOnly/i);
    expect(session?.attributes).toMatch(/Secure/i);
    expect(session?.attributes).toMatch(/SameSite=Lax/i);
    expect(session?.attributes).toMatch(/Path=\//i);
    expect(browser.cookies.has('__Host-codex-sign-in')).toBe(false);
    // Nothing the browser holds is a token.
    for (const { value } of browser.cookies.values()) expect(() => decodeJwt(value)).toThrow();

    const who = await browser.visit('/auth/session');
    expect(who.status).toBe(200);
    const { user, csrfToken } = JSON.parse(who.text) as Session;
    expect(user.email).toBe(BOOTSTRAP.email);
    expect(user.roles).toContain('admin');
    expect(who.text).not.toContain('eyJ');

    const list = await browser.visit('/api/v1/inventory/resources');
    expect(list.status).toBe(200);

    const change = {
      reason: 'test',
      targetUrn: 'codex:aws:1:us-east-1:ec2/instance/i-1',
      type: 'stop',
      dryRun: true,
    };
    const forged = await browser.visit('/api/v1/actions', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
    });
    expect(forged.status).toBe(403);
    expect(JSON.parse(forged.text)).toMatchObject({ code: 'csrf_token_invalid' });
    const allowed = await fetch(`${platform.gatewayUrl}/api/v1/actions`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-csrf-token': csrfToken,
        cookie: `__Host-codex-session=${session?.value ?? ''}`,
      },
      body: JSON.stringify(change),
    });
    // Through to aetherium: the target is not in the inventory.
    expect(allowed.status).toBe(404);
  });

  it('sends the person back only to a path of the console', async () => {
    const browser = new CookieBrowser(platform.gatewayUrl);
    const callback = await signIn(browser, '//evil.example/steal');
    expect(callback.location).toBe('/');
  });

  it('refuses a callback that began in another browser', async () => {
    const victim = new CookieBrowser(platform.gatewayUrl);
    const attacker = new CookieBrowser(platform.gatewayUrl);
    const login = await attacker.visit('/auth/login');
    const page = await attacker.follow(login);
    const submitted = await attacker.visit('/oauth/authorize', {
      form: {
        ...formFields(page.text),
        tenant: BOOTSTRAP.tenant,
        username: BOOTSTRAP.email,
        password: BOOTSTRAP.password,
      },
    });
    const planted = await victim.visit(submitted.location ?? '');
    expect(planted.status).toBe(400);
    expect(victim.cookies.has('__Host-codex-session')).toBe(false);
  });

  it('signs out: the session ends and its refresh token is revoked', async () => {
    const browser = new CookieBrowser(platform.gatewayUrl);
    await signIn(browser);
    const { csrfToken } = JSON.parse((await browser.visit('/auth/session')).text) as Session;
    const withoutToken = await browser.visit('/auth/logout', { method: 'POST' });
    expect(withoutToken.status).toBe(403);
    const out = await browser.visit('/auth/logout', {
      method: 'POST',
      headers: { 'x-csrf-token': csrfToken },
    });
    expect(out.status).toBe(204);
    expect(browser.cookies.has('__Host-codex-session')).toBe(false);
    expect((await browser.visit('/auth/session')).status).toBe(401);
    expect((await browser.visit('/api/v1/inventory/resources')).status).toBe(401);
    const revocations = await fetch(
      `${platform.gatewayUrl}/api/v1/identity/audit-events?action=session.revoked`,
      { headers: { authorization: `Bearer ${await adminToken()}` } },
    );
    expect(((await revocations.json()) as { items: unknown[] }).items).toHaveLength(1);
  });

  async function adminToken(): Promise<string> {
    const response = await fetch(`${platform.gatewayUrl}/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'password',
        tenant: BOOTSTRAP.tenant,
        username: BOOTSTRAP.email,
        password: BOOTSTRAP.password,
      }).toString(),
    });
    return ((await response.json()) as { access_token: string }).access_token;
  }
});
