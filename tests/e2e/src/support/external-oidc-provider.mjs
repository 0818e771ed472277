// An external OpenID Connect provider for tests (panva's oidc-provider), run as its own
// process: node external-oidc-provider.mjs <port> <redirect-uri> <tenant>
// It registers the console as a public client (PKCE), signs anyone in with its development
// login form, grants without a consent page, and issues JWT access tokens for codex-api
// carrying the tenant and roles in namespaced claims, as Auth0 would. Prints its URL when ready.
import Provider from 'oidc-provider';

const [port, redirectUri, tenant] = process.argv.slice(2);
const issuer = `http://127.0.0.1:${port}`;

const provider = new Provider(issuer, {
  clients: [
    {
      client_id: 'codex-console',
      token_endpoint_auth_method: 'none',
      redirect_uris: [redirectUri],
      grant_types: ['authorization_code'],
      response_types: ['code'],
    },
  ],
  cookies: { keys: ['external-idp-test-cookie-key'] },
  // Like Auth0 and Entra ID: the ID token carries the claims of the scopes granted.
  conformIdTokenClaims: false,
  claims: { openid: ['sub'], email: ['email', 'name'] },
  pkce: { required: () => true },
  features: {
    devInteractions: { enabled: true },
    revocation: { enabled: true },
    resourceIndicators: {
      enabled: true,
      defaultResource: () => 'urn:codex:api',
      useGrantedResource: () => true,
      getResourceServerInfo: () => ({
        scope: 'api',
        audience: 'codex-api',
        accessTokenTTL: 300,
        accessTokenFormat: 'jwt',
        jwt: { sign: { alg: 'RS256' } },
      }),
    },
  },
  findAccount: (_ctx, id) => ({
    accountId: id,
    claims: () => ({ sub: id, email: `${id}@external.test`, name: `Person ${id}` }),
  }),
  extraTokenClaims: () => ({
    'https://codex.test/tenant': tenant,
    'https://codex.test/roles': ['operator'],
  }),
  async loadExistingGrant(ctx) {
    const grant = new ctx.oidc.provider.Grant({
      clientId: ctx.oidc.client.clientId,
      accountId: ctx.oidc.session.accountId,
    });
    grant.addOIDCScope('openid email');
    grant.addOIDCClaims(['email', 'name']);
    grant.addResourceScope('urn:codex:api', 'api');
    await grant.save();
    return grant;
  },
});

provider.listen(Number(port), '127.0.0.1', () => console.log(`ready ${issuer}`));
