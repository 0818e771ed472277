import type { ConsoleConfig } from '../config';
import { type OpenIdClient, openIdClient } from './openid-client';

export interface SignedInTokens {
  accessToken: string;
  accessTokenExpiresAt: number;
  refreshToken: string | undefined;
  idTokenClaims: { email?: string; name?: string };
}

/**
 * The console's side of OpenID Connect (authorization code with PKCE) against whichever
 * issuer signs people in, with openid-client. When that issuer is the built-in one, the
 * gateway talks to hall-of-faces directly instead of through its own public URL.
 */
export class ConsoleIdentityProvider {
  private configuration: Promise<OpenIdClient.Configuration> | undefined;

  constructor(
    private readonly config: ConsoleConfig,
    /** Public URL prefix → internal URL prefix, for server-to-server calls. */
    private readonly internalRoutes: ReadonlyMap<string, string>,
  ) {}

  get redirectUri(): string {
    return `${this.config.publicUrl}/auth/callback`;
  }

  async authorizationUrl(state: string, codeVerifier: string, nonce: string): Promise<URL> {
    const oidc = await openIdClient();
    return oidc.buildAuthorizationUrl(await this.discovered(), {
      redirect_uri: this.redirectUri,
      scope: this.config.scopes,
      state,
      nonce,
      code_challenge: await oidc.calculatePKCECodeChallenge(codeVerifier),
      code_challenge_method: 'S256',
    });
  }

  async redeem(
    callbackUrl: URL,
    checks: { state: string; codeVerifier: string; nonce: string },
  ): Promise<SignedInTokens> {
    const oidc = await openIdClient();
    const tokens = await oidc.authorizationCodeGrant(await this.discovered(), callbackUrl, {
      expectedState: checks.state,
      expectedNonce: checks.nonce,
      pkceCodeVerifier: checks.codeVerifier,
      idTokenExpected: this.config.scopes.split(' ').includes('openid'),
    });
    const claims = tokens.claims();
    return {
      ...signedIn(tokens),
      idTokenClaims: {
        ...(typeof claims?.email === 'string' ? { email: claims.email } : {}),
        ...(typeof claims?.name === 'string' ? { name: claims.name } : {}),
      },
    };
  }

  async refresh(refreshToken: string): Promise<Omit<SignedInTokens, 'idTokenClaims'>> {
    const oidc = await openIdClient();
    const tokens = await oidc.refreshTokenGrant(await this.discovered(), refreshToken);
    const next = signedIn(tokens);
    return { ...next, refreshToken: next.refreshToken ?? refreshToken };
  }

  async revoke(refreshToken: string): Promise<void> {
    const oidc = await openIdClient();
    const configuration = await this.discovered();
    if (!configuration.serverMetadata().revocation_endpoint) return;
    await oidc.tokenRevocation(configuration, refreshToken, { token_type_hint: 'refresh_token' });
  }

  private discovered(): Promise<OpenIdClient.Configuration> {
    this.configuration ??= this.discover().catch((error: unknown) => {
      this.configuration = undefined;
      throw error;
    });
    return this.configuration;
  }

  private async discover(): Promise<OpenIdClient.Configuration> {
    const oidc = await openIdClient();
    const { issuerUrl, clientId, clientSecret } = this.config;
    const insecure = issuerUrl.startsWith('http:');
    const configuration = await oidc.discovery(
      new URL(issuerUrl),
      clientId,
      clientSecret,
      clientSecret ? undefined : oidc.None(),
      {
        [oidc.customFetch]: (url, options) => fetch(this.internal(url), options),
        ...(insecure ? { execute: [oidc.allowInsecureRequests] } : {}),
      },
    );
    configuration[oidc.customFetch] = (url, options) => fetch(this.internal(url), options);
    return configuration;
  }

  private internal(url: string): string {
    for (const [publicPrefix, internalPrefix] of this.internalRoutes) {
      if (url.startsWith(publicPrefix)) return internalPrefix + url.slice(publicPrefix.length);
    }
    return url;
  }
}

function signedIn(
  tokens: OpenIdClient.TokenEndpointResponse & OpenIdClient.TokenEndpointResponseHelpers,
) {
  return {
    accessToken: tokens.access_token,
    accessTokenExpiresAt: Date.now() + (tokens.expiresIn() ?? 300) * 1000,
    refreshToken: tokens.refresh_token,
  };
}
