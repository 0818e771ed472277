import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';

import { freePort, type RunningPlatform, startPlatform } from '@codex/testing';

import { CookieBrowser, formFields } from '../support/cookie-browser';

/** Starts the external OpenID provider and resolves with its issuer URL once it listens. */
async function startExternalProvider(
  redirectUri: string,
  tenant: string,
): Promise<{ issuer: string; process: ChildProcess }> {
  const port = await freePort();
  const child = spawn(
    process.execPath,
    [
      join(__dirname, '..', 'support', 'external-oidc-provider.mjs'),
      String(port),
      redirectUri,
      tenant,
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const issuer = await new Promise<string>((resolve, reject) => {
    let output = '';
    const collect = (chunk: Buffer) => {
      output += chunk.toString();
      const ready = /ready (\S+)/.exec(output);
      if (ready?.[1]) resolve(ready[1]);
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('exit', (code) => reject(new Error(`the provider exited with ${code}:\n${output}`)));
  });
  return { issuer, process: child };
}

describe('console sign-in against an external OpenID Connect provider, unchanged', () => {
  const tenant = `external-${randomUUID().slice(0, 8)}`;
  let provider: { issuer: string; process: ChildProcess };
  let platform: RunningPlatform;

  beforeAll(async () => {
    const gatewayPort = await freePort();
    provider = await startExternalProvider(`http://127.0.0.1:${gatewayPort}/auth/callback`, tenant);
    platform = await startPlatform({
      gatewayPort,
      env: {
        AUTH_ISSUER_URL: provider.issuer,
        AUTH_JWKS_URL: `${provider.issuer}/jwks`,
        AUTH_TENANT_CLAIM: 'https://codex.test/tenant',
        AUTH_ROLES_CLAIM: 'https://codex.test/roles',
      },
      serviceEnv: { gateway: { CONSOLE_OIDC_ISSUER_URL: provider.issuer } },
    });
  });

  afterAll(async () => {
    await platform?.stop();
    provider?.process.kill();
  });

  it("signs in at the provider's own page and uses its tokens, which stay at the gateway", async () => {
    const browser = new CookieBrowser(platform.gatewayUrl);
    const login = await browser.visit('/auth/login?returnTo=/actions');
    expect(login.location?.startsWith(`${provider.issuer}/auth?`)).toBe(true);
    const challenge = new URL(login.location ?? '').searchParams;
    expect(challenge.get('code_challenge_method')).toBe('S256');
    const loginPage = await browser.follow(login);
    expect(loginPage.status).toBe(200);
    const action = /action="([^"]+)"/.exec(loginPage.text)?.[1] ?? '';
    const submitted = await browser.visit(new URL(action, provider.issuer).toString(), {
      form: { ...formFields(loginPage.text), login: 'pat', password: 'anything' },
    });
    const back = await browser.follow(submitted, provider.issuer, (url) =>
      url.startsWith(`${platform.gatewayUrl}/auth/callback`),
    );
    expect(back.status).toBe(303);
    expect(back.location).toBe('/actions');
    expect(browser.cookies.has('__Host-codex-session')).toBe(true);

    const session = await browser.visit('/auth/session');
    expect(JSON.parse(session.text)).toMatchObject({
      user: { tenantId: tenant, roles: ['operator'], email: 'pat@external.test' },
    });
    const actions = await browser.visit('/api/v1/actions');
    expect(actions.status).toBe(200);
    expect(JSON.parse(actions.text)).toMatchObject({ items: [] });
  });
});
